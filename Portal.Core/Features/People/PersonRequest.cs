namespace Portal.Core.Features.People;

/// <summary>Names the person an Admin acts on (disable, enable, reset two-factor).</summary>
public sealed record PersonRequest(string UserId);
