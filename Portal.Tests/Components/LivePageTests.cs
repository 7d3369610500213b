using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Portal.Core.Domain;
using Portal.Core.Features.Statements;
using Portal.Core.Features.Systems;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Admin.Shared;
using Portal.Web.Components.Shared;

namespace Portal.Tests.Components;

/// <summary>What every live page shares: its scope, and where a failing reload ends up.</summary>
public sealed class LivePageTests : PortalComponentTest
{
    private IRenderedComponent<PageErrorBoundary> RenderInBoundary<TPage>()
        where TPage : IComponent =>
        Render<PageErrorBoundary>(boundary => boundary.Add(b => b.ChildContent, (RenderFragment)(builder =>
        {
            builder.OpenComponent<TPage>(0);
            builder.CloseComponent();
        })));

    private Task ChangeAStatusAsync() =>
        Portal.Get<ChangeSystemStatus>().HandleAsync(new ChangeSystemStatusRequest("supplier-payments", SystemStatus.Degraded, "Slow"), Actors.Operator);

    [Fact]
    public async Task AFailingLiveReloadReachesTheErrorBoundaryAsAPlainMessage()
    {
        SignInAsStaff(Actors.Operator.Name, PortalRoles.Operator);
        var boundary = RenderInBoundary<FailingConsolePage>();
        boundary.WaitForAssertion(() => Assert.Equal("loaded", boundary.Find("#page").TextContent));

        await ChangeAStatusAsync();

        boundary.WaitForAssertion(() => Assert.Equal("This page could not be updated.", boundary.Find("[data-testid=page-problem] .page-problem-text").TextContent));
        Assert.Equal("Reload", boundary.Find("[data-testid=page-problem-reload]").TextContent.Trim());
        Assert.Empty(boundary.FindAll("#page"));
        Assert.DoesNotContain(FailingConsolePage.Failure, boundary.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(FailingConsolePage), boundary.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConsolePageHearsChangesOnlyStaffSeeWhileItsPersonIsStaff()
    {
        SignInAsStaff(Actors.Publisher.Name, PortalRoles.Publisher);
        var page = Render<CountingConsolePage>();
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("#loads").TextContent));

        await Portal.Get<SaveStatementDraft>().HandleAsync(
            new SaveStatementDraftRequest(null, "Staff-only draft", "Not yet for anyone's eyes.", [Audience.Public], null, [], null), Actors.Publisher);
        page.WaitForAssertion(() => Assert.Equal("2", page.Find("#loads").TextContent));

        // Revalidation finds the person no longer staff: the page stops following the whole estate.
        SignOut();
        await page.InvokeAsync(() => { });
        await ChangeAStatusAsync();
        await Portal.Get<SaveStatementDraft>().HandleAsync(
            new SaveStatementDraftRequest(null, "Another draft", "Still staff only.", [Audience.Public], null, [], null), Actors.Publisher);

        // Whatever the changes dispatched to the renderer has run by the time this turn comes.
        await page.InvokeAsync(() => { });
        Assert.Equal("2", page.Find("#loads").TextContent);
    }

    [Fact]
    public async Task AConsolePageFollowsNothingForSomeoneWhoIsNotStaff()
    {
        SignInAs("supplier@example.com", "suppliers");
        var page = Render<CountingConsolePage>();
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("#loads").TextContent));

        await ChangeAStatusAsync();

        // Whatever the change dispatched to the renderer has run by the time this turn comes.
        await page.InvokeAsync(() => { });
        Assert.Equal("1", page.Find("#loads").TextContent);
    }

    /// <summary>Reads once, then fails every reload, as a query that breaks mid-crisis would.</summary>
    private sealed class FailingConsolePage : LiveConsolePage
    {
        public const string Failure = "The database went away";

        private int _loads;

        protected override Task LoadAsync() =>
            ++_loads == 1 ? Task.CompletedTask : Task.FromException(new InvalidOperationException(Failure));

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "p");
            builder.AddAttribute(1, "id", "page");
            builder.AddContent(2, "loaded");
            builder.CloseElement();
        }
    }

    /// <summary>Counts its reads.</summary>
    private sealed class CountingConsolePage : LiveConsolePage
    {
        private int _loads;

        protected override Task LoadAsync()
        {
            _loads++;
            return Task.CompletedTask;
        }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "p");
            builder.AddAttribute(1, "id", "loads");
            builder.AddContent(2, _loads);
            builder.CloseElement();
        }
    }
}
