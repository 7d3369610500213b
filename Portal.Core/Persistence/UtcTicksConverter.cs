using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Portal.Core.Persistence;

/// <summary>Stores a <see cref="DateTimeOffset"/> as UTC ticks, so SQLite can sort and compare it.</summary>
internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
