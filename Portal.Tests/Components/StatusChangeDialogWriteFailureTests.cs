using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Domain;
using Portal.Core.Features.Systems;
using Portal.Core.Persistence;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Admin.Shared;
using Portal.Web.Components.Pages.Admin.Status;

namespace Portal.Tests.Components;

/// <summary>The status dialog while the database refuses writes: it says so and keeps the operator's words.</summary>
public sealed class StatusChangeDialogWriteFailureTests : PortalComponentTest
{
    protected override void ConfigurePortal(IServiceCollection services)
    {
        base.ConfigurePortal(services);
        DatabaseWriteLock.ShortenBusyTimeout(services);
    }

    [Fact]
    public async Task SaysTheChangeWasNotSavedAndKeepsTheTextUntilTheDatabaseTakesWritesAgain()
    {
        SignInAsStaff("operator@example.com", PortalRoles.Operator);
        var provider = Render<MudDialogProvider>();
        var estate = await Portal.Get<GetEstateForConsole>().HandleAsync();
        var dialogs = Services.GetRequiredService<IDialogService>();
        var reference = await provider.InvokeAsync(() => dialogs.ShowAsync<StatusChangeDialog>(null,
            new DialogParameters<StatusChangeDialog> { { d => d.Systems, estate.Systems.Where(s => s.Slug == "payroll").ToList() } }));
        provider.WaitForElement("[data-testid=save-status]");
        provider.Find($"input[data-status-choice={SystemStatus.Offline}]").Click();
        provider.Find("[data-testid=reason]").Change("Payroll servers rebooting");

        await using (await DatabaseWriteLock.TakeAsync(Portal.Get<PortalDatabase>().ConnectionString))
        {
            provider.Find("#status-change-form").Submit();

            provider.WaitForAssertion(() => Assert.Equal(ConsoleActions.NotSavedMessage, provider.Find("[data-testid=console-problem]").TextContent.Trim()));
        }

        Assert.Equal("Not saved: the portal cannot write to its database. Your text is kept.", ConsoleActions.NotSavedMessage);
        Assert.Equal("Payroll servers rebooting", provider.Find("[data-testid=reason]").GetAttribute("value"));
        Assert.False(reference.Result.IsCompleted);
        await using (var db = Portal.NewDbContext())
        {
            Assert.Equal(SystemStatus.Operational, (await db.EstateSystems.SingleAsync(s => s.Slug == "payroll")).Status);
        }

        provider.Find("#status-change-form").Submit();

        await reference.Result.WaitAsync(TimeSpan.FromSeconds(30));
        await using var after = Portal.NewDbContext();
        Assert.Equal(SystemStatus.Offline, (await after.EstateSystems.SingleAsync(s => s.Slug == "payroll")).Status);
    }
}
