namespace Portal.Core.Domain;

/// <summary>Someone else saved the same thing first; the caller's input is kept and they can retry.</summary>
public sealed class ConcurrencyConflictException(string message) : Exception(message);
