namespace Portal.Core.Domain;

/// <summary>The worst status a system had on one UTC day; null where the system did not exist yet.</summary>
public sealed record DailyStatus(DateOnly Day, SystemStatus? Worst);

public static class StatusHistory
{
    /// <summary>
    /// The worst status of each of the last <paramref name="days"/> UTC days up to and including
    /// today, from the status in force at the start of each day and every change during it.
    /// </summary>
    /// <param name="createdAt">When the system was first tracked; earlier days have no data.</param>
    /// <param name="changes">The system's status changes, in any order.</param>
    public static IReadOnlyList<DailyStatus> DailyWorst(
        DateTimeOffset createdAt,
        IEnumerable<SystemStatusChange> changes,
        DateTimeOffset now,
        int days)
    {
        var ordered = changes.OrderBy(c => c.ChangedAt).ToList();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var result = new List<DailyStatus>(days);
        for (var offset = days - 1; offset >= 0; offset--)
        {
            var day = today.AddDays(-offset);
            var dayStart = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var dayEnd = dayStart.AddDays(1);
            if (dayEnd <= createdAt)
            {
                result.Add(new DailyStatus(day, null));
                continue;
            }

            var atStart = ordered.LastOrDefault(c => c.ChangedAt <= dayStart)?.To ?? SystemStatus.Operational;
            var during = ordered.Where(c => c.ChangedAt > dayStart && c.ChangedAt < dayEnd).Select(c => c.To);
            result.Add(new DailyStatus(day, during.Append(atStart).Worst()));
        }

        return result;
    }
}
