namespace Portal.Core.Features;

/// <summary>The thing asked for does not exist (or the caller may not know that it does).</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>Someone else saved the same thing first; the caller's input is kept and they can retry.</summary>
public sealed class ConcurrencyConflictException(string message) : Exception(message);
