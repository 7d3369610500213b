using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Portal.Core.Persistence;

/// <summary>Stores a <see cref="DateTimeOffset"/> as UTC ticks, exact and sortable on every provider.</summary>
internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));

