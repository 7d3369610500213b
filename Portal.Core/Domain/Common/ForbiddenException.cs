namespace Portal.Core.Domain;

/// <summary>The actor lacks the role an action needs.</summary>
public sealed class ForbiddenException(string message) : Exception(message);
