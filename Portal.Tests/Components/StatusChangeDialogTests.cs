using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Domain;
using Portal.Core.Features.Systems;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Admin.Status;

namespace Portal.Tests.Components;

public sealed class StatusChangeDialogTests : PortalComponentTest
{
    private IRenderedComponent<MudDialogProvider> _provider = null!;
    private Task<DialogResult?> _result = null!;

    private async Task OpenForAsync(params string[] slugs)
    {
        SignInAsStaff("operator@example.com", PortalRoles.Operator);
        _provider = Render<MudDialogProvider>();
        var estate = await Portal.Get<GetEstateForConsole>().HandleAsync();
        var systems = estate.Systems.Where(s => slugs.Contains(s.Slug)).ToList();
        var dialogs = Services.GetRequiredService<IDialogService>();
        var reference = await _provider.InvokeAsync(() => dialogs.ShowAsync<StatusChangeDialog>(null,
            new DialogParameters<StatusChangeDialog> { { d => d.Systems, systems } }));
        _result = reference.Result;
        _provider.WaitForElement("[data-testid=save-status]");
    }

    private void Choose(SystemStatus status) =>
        _provider.Find($"input[data-status-choice={status}]").Click();

    private void Type(string testId, string text) => _provider.Find($"[data-testid={testId}]").Change(text);

    private void Save() => _provider.Find("#status-change-form").Submit();

    private async Task<EstateSystem> StoredAsync(string slug)
    {
        await using var db = Portal.NewDbContext();
        return await db.EstateSystems.SingleAsync(s => s.Slug == slug);
    }

    [Fact]
    public async Task AsksForAReasonAndChangesNothingWithoutOne()
    {
        await OpenForAsync("payroll");
        Choose(SystemStatus.Degraded);

        Save();

        _provider.WaitForAssertion(() =>
            Assert.Contains("Say why: viewers read this in the system's history.", _provider.FindAll(".mud-input-error .me-auto").Select(m => m.TextContent)));
        Assert.Equal(SystemStatus.Operational, (await StoredAsync("payroll")).Status);
        Assert.False(_result.IsCompleted);
    }

    [Fact]
    public async Task AsksForTheWorkaroundWhenTheStatusIsWorkaround()
    {
        await OpenForAsync("payroll");
        Choose(SystemStatus.Workaround);
        Type("reason", "Pay run moved to a manual process");

        Save();

        _provider.WaitForAssertion(() =>
            Assert.Contains("Describe the workaround people should follow.", _provider.FindAll(".mud-input-error .me-auto").Select(m => m.TextContent)));
        Assert.Equal(SystemStatus.Operational, (await StoredAsync("payroll")).Status);
    }

    [Fact]
    public async Task ChangesSeveralSystemsTogetherThroughCore()
    {
        await OpenForAsync("northfield-plant", "riverside-plant");
        Choose(SystemStatus.Maintenance);
        Type("reason", "Planned line-control upgrade");

        Save();

        var result = await _result.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(result!.Canceled);
        Assert.Equal(SystemStatus.Maintenance, (await StoredAsync("northfield-plant")).Status);
        Assert.Equal(SystemStatus.Maintenance, (await StoredAsync("riverside-plant")).Status);
    }

    [Fact]
    public async Task KeepsTheOperatorsWordsWhenSomeoneElseChangedTheSystemFirst()
    {
        await OpenForAsync("payroll");
        await Portal.Get<ChangeSystemStatus>().HandleAsync(
            new ChangeSystemStatusRequest("payroll", SystemStatus.Degraded, "Another operator was quicker"), Actors.Operator);
        Choose(SystemStatus.Offline);
        Type("reason", "Payroll servers rebooting");

        Save();

        _provider.WaitForAssertion(() => Assert.Contains("changed by someone else", _provider.Find("[data-testid=console-problem]").TextContent));
        Assert.Equal("Payroll servers rebooting", _provider.Find("[data-testid=reason]").GetAttribute("value"));
        Assert.Equal(SystemStatus.Degraded, (await StoredAsync("payroll")).Status);

        Save();

        await _result.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(SystemStatus.Offline, (await StoredAsync("payroll")).Status);
    }
}
