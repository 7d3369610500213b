using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Portal.Core.Persistence;

/// <summary>Stores a <see cref="DateTimeOffset"/> as UTC ticks, so SQLite can sort and compare it.</summary>
internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));

/// <summary>Stores a <see cref="DateTimeOffset"/> as the same instant in UTC, the only offset PostgreSQL's <c>timestamptz</c> takes from Npgsql.</summary>
internal sealed class UtcInstantConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
    value => value.ToUniversalTime(),
    value => value.ToUniversalTime());
