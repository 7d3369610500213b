namespace Portal.Core;

/// <summary>A problem with the portal's configuration or storage that a person must fix; the message names the key or path and the cause.</summary>
public sealed class PortalStartupException(string message) : Exception(message);
