using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Features.People;
using Portal.Tests.Support;

namespace Portal.Tests.Features.People;

public sealed class InviteViewersTests : IAsyncLifetime
{
    // Accounts need Identity, which the host wires: these use cases run inside the whole portal.
    private readonly PortalWebApp _portal = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private Task<InviteViewersResult> InviteAsync(string csv, Actor? actor = null) =>
        _portal.Get<InviteViewers>().HandleAsync(new InviteViewersRequest(csv), actor ?? Actors.Admin);

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    private async Task<List<Invitation>> InvitationsAsync()
    {
        await using var db = _portal.NewDbContext();
        return await db.Invitations.OrderBy(i => i.Id).ToListAsync();
    }

    private async Task<List<AuditEntry>> AuditAsync()
    {
        await using var db = _portal.NewDbContext();
        return await db.AuditEntries.Where(a => a.Action.StartsWith("person") || a.Action.StartsWith("people")).OrderBy(a => a.Id).ToListAsync();
    }

    [Fact]
    public async Task AcceptsGoodLinesWithTheirLinksAndMemberships()
    {
        var result = await InviteAsync(Lines(
            "email,name,organisation,audiences",
            "pat@partsco.example,Pat Parts,\"PartsCo, Ltd\",suppliers",
            "rio@northmotors.example,Rio Retail,North Motors,Retailers|suppliers",
            "",
            "cal@example.com,\"Cal \"\"Colleague\"\" Smith\",,colleagues ; suppliers"));

        Assert.Empty(result.Refused);
        Assert.Equal([2, 3, 5], result.Lines.Select(l => l.LineNumber));
        var invitations = await InvitationsAsync();
        Assert.Equal(["pat@partsco.example", "rio@northmotors.example", "cal@example.com"], invitations.Select(i => i.Email));
        Assert.Equal("PartsCo, Ltd", invitations[0].Organisation);
        Assert.Equal(["suppliers"], invitations[0].Audiences);
        Assert.Equal(["retailers", "suppliers"], invitations[1].Audiences);
        Assert.Equal("Cal \"Colleague\" Smith", invitations[2].DisplayName);
        Assert.Null(invitations[2].Organisation);
        Assert.Equal(["colleagues", "suppliers"], invitations[2].Audiences);
        Assert.All(invitations, i => Assert.Empty(i.Roles));
        foreach (var (line, invitation) in result.Lines.Zip(invitations))
        {
            Assert.Equal(Invitation.Hash(line.Invitation!.Token), invitation.TokenHash);
            Assert.Equal(invitation.CreatedAt + Invitation.Lifetime, line.Invitation.ExpiresAt);
        }

        var audit = await AuditAsync();
        Assert.Equal(3, audit.Count(a => a.Action == "person.invited"));
        var summary = Assert.Single(audit, a => a.Action == "people.invited.bulk");
        Assert.Contains("\"accepted\":3", summary.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesEachKindOfBadLineWithItsReason()
    {
        await _portal.Get<InvitePerson>().HandleAsync(new InvitePersonRequest("ops@example.com", [PortalRoles.Operator]), Actors.Admin);
        await CreateAccountAsync("taken@example.com");

        var result = await InviteAsync(Lines(
            "not-an-address,Nobody,,suppliers",
            "spaced @example.com,Spa Ced,,suppliers",
            "ghost@example.com,Gus Ghost,,suppliers;wholesalers",
            "bare@example.com,Bea Bare,,",
            "public@example.com,Pub Lic,,public",
            "taken@example.com,Tak En,,suppliers",
            "long@example.com," + new string('n', PortalUser.DisplayNameMaxLength + 1) + ",,suppliers",
            "wide@example.com,Wid E,Org,suppliers,extra",
            "a@b@example.com,At Twice,,suppliers"));

        Assert.Empty(result.Accepted);
        var reasons = result.Lines.ToDictionary(l => l.LineNumber, l => l.Refusal!);
        Assert.Contains("'not-an-address' is not an email address", reasons[1], StringComparison.Ordinal);
        Assert.Contains("is not an email address", reasons[2], StringComparison.Ordinal);
        Assert.Contains("There is no audience 'wholesalers'", reasons[3], StringComparison.Ordinal);
        Assert.Contains("No audience", reasons[4], StringComparison.Ordinal);
        Assert.Contains("Everybody already sees Public content", reasons[5], StringComparison.Ordinal);
        Assert.Contains("taken@example.com already has an account", reasons[6], StringComparison.Ordinal);
        Assert.Contains("Name must be at most 120 characters", reasons[7], StringComparison.Ordinal);
        Assert.Contains("found 5", reasons[8], StringComparison.Ordinal);
        Assert.Contains("is not an email address", reasons[9], StringComparison.Ordinal);
        Assert.Equal(["ops@example.com"], (await InvitationsAsync()).Select(i => i.Email));
        Assert.Equal(result.Refused.Select(l => l.Text), result.RefusedText.Split('\n'));
    }

    [Fact]
    public async Task CreatesExactlyTheGoodInvitationsOfAMixedPaste()
    {
        var result = await InviteAsync(Lines(
            "email,name,organisation,audiences",
            "one@example.com,One,,suppliers",
            "broken,Two,,suppliers",
            "three@example.com,Three,,retailers"));

        Assert.Equal(["one@example.com", "three@example.com"], result.Accepted.Select(l => l.Email));
        Assert.Equal(["one@example.com", "three@example.com"], (await InvitationsAsync()).Select(i => i.Email));
        Assert.Equal("email,name,organisation,audiences\nbroken,Two,,suppliers", result.RefusedText);
        var audit = await AuditAsync();
        Assert.Equal(2, audit.Count(a => a.Action == "person.invited"));
    }

    [Fact]
    public async Task RefusesAnAddressRepeatedInThePasteNamingItsFirstLine()
    {
        var result = await InviteAsync(Lines(
            "pat@partsco.example,Pat,,suppliers",
            "other@example.com,Other,,suppliers",
            "PAT@partsco.example,Pat again,,retailers"));

        Assert.Equal([true, true, false], result.Lines.Select(l => l.Accepted));
        Assert.Equal("PAT@partsco.example is also on line 1 of this paste.", result.Lines[2].Refusal);
        Assert.Equal(["suppliers"], (await InvitationsAsync()).Single(i => i.Email == "pat@partsco.example").Audiences);
    }

    [Fact]
    public async Task CreatesNothingWhenTheActorIsNotAnAdmin()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() => InviteAsync(Lines("pat@partsco.example,Pat,,suppliers"), Actors.Operator));

        Assert.Empty(await InvitationsAsync());
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task RefusesAPasteThatIsEmptyOrTooLongAsAWhole()
    {
        var empty = await Assert.ThrowsAsync<DomainException>(() => InviteAsync("email,name,organisation,audiences\n\n"));
        Assert.Contains("There is nobody to invite", empty.Message, StringComparison.Ordinal);

        var many = string.Concat(Enumerable.Range(0, InviteViewers.MaxLines + 1).Select(i => $"p{i}@example.com,P,,suppliers\n"));
        var tooMany = await Assert.ThrowsAsync<DomainException>(() => InviteAsync(many));
        Assert.Contains("at most 1,000 viewers", tooMany.Message, StringComparison.Ordinal);

        var huge = await Assert.ThrowsAsync<DomainException>(() => InviteAsync(new string('x', InviteViewers.MaxCharacters + 1)));
        Assert.Contains("at most 200,000 characters", huge.Message, StringComparison.Ordinal);
        Assert.Empty(await InvitationsAsync());
    }

    [Fact]
    public async Task ReportsAnUnclosedQuoteOnTheLineWhereItOpens()
    {
        var result = await InviteAsync(Lines(
            "ok@example.com,Ok,,suppliers",
            "open@example.com,\"Open quote,,suppliers",
            "lost@example.com,Lost,,suppliers"));

        Assert.True(result.Lines[0].Accepted);
        var refused = Assert.Single(result.Refused);
        Assert.Equal(2, refused.LineNumber);
        Assert.Contains("never closed", refused.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadsColumnsInTheHeadersOrder()
    {
        var result = await InviteAsync(Lines("Audiences,Email,Name", "Suppliers,pat@partsco.example,Pat Parts"));

        var line = Assert.Single(result.Lines);
        Assert.True(line.Accepted, line.Refusal);
        var invitation = Assert.Single(await InvitationsAsync());
        Assert.Equal(("pat@partsco.example", "Pat Parts"), (invitation.Email, invitation.DisplayName));
    }

    [Fact]
    public async Task AcceptsALineWithoutANameAsTheSingleFormDoes()
    {
        var result = await InviteAsync(Lines("noname@example.com,,PartsCo,suppliers"));

        var line = Assert.Single(result.Lines);
        Assert.True(line.Accepted, line.Refusal);
        var invitation = Assert.Single(await InvitationsAsync());
        Assert.Equal(("noname@example.com", null, "PartsCo"), (invitation.Email, invitation.DisplayName, invitation.Organisation));
    }

    [Fact]
    public async Task ReadsSemicolonSeparatedLinesAsExcelSavesThemAndSaysSo()
    {
        var result = await InviteAsync("\uFEFF" + Lines(
            "Email;Name;Organisation;Audiences",
            "pat@partsco.example;Pat Parts;PartsCo, Ltd;Suppliers",
            "rio@northmotors.example;Rio Retail;\"North; Motors\";Retailers,Suppliers",
            "broken;Bro Ken;;Suppliers"));

        Assert.True(result.ReadAsSemicolonSeparated);
        Assert.Equal([true, true, false], result.Lines.Select(l => l.Accepted));
        Assert.Contains("'broken' is not an email address", result.Lines[2].Refusal, StringComparison.Ordinal);
        Assert.Equal("Email;Name;Organisation;Audiences\nbroken;Bro Ken;;Suppliers", result.RefusedText);
        var invitations = await InvitationsAsync();
        Assert.Equal(("PartsCo, Ltd", "Pat Parts"), (invitations[0].Organisation, invitations[0].DisplayName));
        Assert.Equal("North; Motors", invitations[1].Organisation);
        Assert.Equal(["retailers", "suppliers"], invitations[1].Audiences);
    }

    [Fact]
    public async Task ReadsCommaSeparatedLinesWithSemicolonsBetweenAudiencesAsCommaSeparated()
    {
        var result = await InviteAsync(Lines("rio@northmotors.example,Rio Retail,North Motors,Retailers;Suppliers"));

        Assert.False(result.ReadAsSemicolonSeparated);
        Assert.True(Assert.Single(result.Lines).Accepted);
        Assert.Equal(["retailers", "suppliers"], Assert.Single(await InvitationsAsync()).Audiences);
    }

    private async Task CreateAccountAsync(string email) =>
        await _portal.CreateViewerAsync(email, "suppliers");
}
