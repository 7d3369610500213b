using System.Text;
using Microsoft.AspNetCore.Components;
using Portal.Core.Features.People;
using Portal.Web.Accounts;
using Portal.Web.Components.Pages.Admin.Shared;

namespace Portal.Web.Components.Pages.Admin.People;

/// <summary>
/// Invites many viewers from pasted CSV. The report lists every line: accepted ones with their
/// one-time link (shown only now, and again as email,link lines to copy), refused ones with why.
/// The box then holds just the refused lines, so the Admin fixes them and submits again.
/// </summary>
public sealed partial class BulkInvitePanel
{
    private const string Example = "email,name,organisation,audiences\npat@partsco.example,Pat Jones,PartsCo,Suppliers\nrio@northmotors.example,Rio Lee,North Motors,Retailers;Suppliers";

    private BulkInviteModel _model = new();
    private InviteViewersResult? _result;
    // Every link issued on this visit: submitting the fixed lines must not lose the earlier links.
    private readonly List<ViewerInvitationLine> _issued = [];
    private ConsoleProblem? _problem;
    private bool _saving;

    /// <summary>Told after invitations were created, so the page can list them.</summary>
    [Parameter] public EventCallback OnInvited { get; set; }

    [Inject] private InviteViewers Invite { get; set; } = null!;

    [Inject] private StaffActor Staff { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    private static string Summary(InviteViewersResult result) => (result.Accepted.Count, result.Refused.Count) switch
    {
        (var accepted, 0) => $"Invited {People(accepted)}. Pass each link on now: it is shown only here.",
        (0, var refused) => $"Nobody was invited: {Lines(refused)} need fixing. They are in the box above; correct them and submit again.",
        var (accepted, refused) => $"Invited {People(accepted)}; {Lines(refused)} refused. The refused lines are in the box above; correct them and submit again.",
    };

    private static string People(int count) => count == 1 ? "1 viewer" : $"{count:N0} viewers";

    private static string Lines(int count) => count == 1 ? "1 line" : $"{count:N0} lines";

    private string AllLinks()
    {
        var text = new StringBuilder("email,link\n");
        foreach (var line in _issued)
        {
            text.Append(line.Email).Append(',').Append(InvitationLinks.For(Navigation, line.Invitation!.Token)).Append('\n');
        }

        return text.ToString();
    }

    private async Task InviteAsync()
    {
        _saving = true;
        var actor = await Staff.GetAsync();
        InviteViewersResult? result = null;
        _problem = await ConsoleActions.TryAsync(async () => result = await Invite.HandleAsync(new InviteViewersRequest(_model.CsvText), actor));
        _saving = false;
        if (result is null)
        {
            // Refused as a whole (too long, nobody in it): the paste stays as it was.
            return;
        }

        _result = result;
        _issued.AddRange(result.Accepted);
        // A fresh model, not an emptied one: an emptied field would at once say it is required.
        _model = new BulkInviteModel { CsvText = result.Refused.Count > 0 ? result.RefusedText : "" };
        if (result.Accepted.Count > 0)
        {
            await OnInvited.InvokeAsync();
        }
    }
}
