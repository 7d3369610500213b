namespace Portal.Core.Domain;

/// <summary>What a person may do in the admin console. A person may hold several roles.</summary>
public static class PortalRoles
{
    /// <summary>People, audiences, estate structure, API keys, webhooks, the audit log, and breaking glass.</summary>
    public const string Admin = "Admin";

    /// <summary>Drafts and submits statements and amendments, publishes approved ones, withdraws; manages incidents and templates.</summary>
    public const string Publisher = "Publisher";

    /// <summary>Approves statements and amendments written by someone else.</summary>
    public const string Approver = "Approver";

    /// <summary>Moves systems through their states; runs phases, maintenance windows and metrics.</summary>
    public const string Operator = "Operator";

    public static IReadOnlyList<string> All { get; } = [Admin, Publisher, Approver, Operator];

    /// <summary>Anyone who may open the admin console at all.</summary>
    public const string AnyStaff = $"{Admin},{Publisher},{Approver},{Operator}";

    public static string Describe(string role) => role switch
    {
        Admin => "People, audiences, estate structure, API keys, webhooks, audit log, break glass",
        Publisher => "Draft and submit statements and amendments, publish approved ones, withdraw; incidents",
        Approver => "Approve statements and amendments written by others",
        Operator => "System status, restart phases, maintenance, metrics",
        _ => role,
    };
}
