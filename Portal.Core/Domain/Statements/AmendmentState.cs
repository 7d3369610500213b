namespace Portal.Core.Domain;

/// <summary>Where an amendment of a published statement stands; until published, viewers read the published text.</summary>
public enum AmendmentState
{
    /// <summary>Waiting for someone other than its author to approve it.</summary>
    Submitted = 1,

    /// <summary>Approved by a second person; a publisher can now make it live.</summary>
    Approved = 2,
}
