using System.Globalization;

namespace Portal.Web.Components.Shared;

/// <summary>How metric values read everywhere: grouped digits with their unit, compact on chart axes, signed for changes.</summary>
public static class MetricValues
{
    /// <summary>"12,400 invoices": grouped digits, the decimals it has, and its unit.</summary>
    public static string Format(decimal value, string unit)
    {
        var number = value.ToString("#,0.##########", CultureInfo.InvariantCulture);
        return unit.Length > 0 ? $"{number} {unit}" : number;
    }

    /// <summary>"48.2k", "1.5m": short enough for a chart's axis.</summary>
    public static string Compact(double value) => Math.Abs(value) switch
    {
        >= 1_000_000_000 => (value / 1_000_000_000).ToString("0.#", CultureInfo.InvariantCulture) + "bn",
        >= 1_000_000 => (value / 1_000_000).ToString("0.#", CultureInfo.InvariantCulture) + "m",
        >= 10_000 => (value / 1_000).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => value.ToString("#,0.##", CultureInfo.InvariantCulture),
    };

    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("d MMM", CultureInfo.InvariantCulture);
}
