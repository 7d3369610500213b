namespace Portal.Web.Components.Pages.Admin.Statements;

public enum StatementAction
{
    Save,
    Submit,
    Approve,
    Publish,
    BreakGlass,
    /// <summary>Submits new words for a published statement; viewers keep the published text until it is approved and published.</summary>
    Amend,
    ApproveAmendment,
    PublishAmendment,
    BreakGlassAmendment,
    Withdraw,
}

/// <summary>A workflow button press: the action, and the reason or time some actions carry.</summary>
public sealed record StatementActionRequestFromUi(StatementAction Action, DateTimeOffset? PublishAt = null, string? Reason = null)
{
    public static implicit operator StatementActionRequestFromUi(StatementAction action) => new(action);
}
