using Portal.Core.Events;

namespace Portal.Core.Features.Audiences;

/// <summary>
/// The payload of <see cref="PortalEventTypes.RegistrationUpdated"/>, sent to Public: which audience, and whether
/// people at its allowed domains may now register. The domains themselves are never sent.
/// </summary>
public sealed record RegistrationUpdatedData(string Key, string Name, bool RegistrationOpen);
