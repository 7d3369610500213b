using Portal.Core.Domain;

namespace Portal.Tests.Domain;

/// <summary>Names and titles keep no bidirectional controls, so they read the same to every viewer as to the portal.</summary>
public sealed class BidiControlsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    // "Invoices" followed by a right-to-left override: displays as "Invoices" then "exe.fdp" reversed.
    private const string Spoofed = "Invoices\u202Efdp.exe\u202C \u2066x\u2069\u200E\u200F\u061C";

    [Fact]
    public void StatementTitlesAndBodiesKeepNone()
    {
        var statement = new Statement(Spoofed, $"Body {Spoofed}", ["suppliers"], null, [], "alice@example.com", At);

        Assert.Equal("Invoicesfdp.exe x", statement.Title);
        Assert.Equal("Body Invoicesfdp.exe x", statement.BodyMarkdown);
    }

    [Fact]
    public void SystemNamesAndWorkaroundsKeepNone()
    {
        var system = new EstateSystem("payroll", Spoofed, Spoofed, new SystemGroup(Spoofed, 1), 1, ["colleagues"], At);
        system.ChangeStatus(SystemStatus.Workaround, Spoofed, Spoofed, null, "op", At);

        Assert.Equal("Invoicesfdp.exe x", system.Name);
        Assert.Equal("Invoicesfdp.exe x", system.Description);
        Assert.Equal("Invoicesfdp.exe x", system.Group.Name);
        Assert.Equal("Invoicesfdp.exe x", system.Workaround);
    }

    [Fact]
    public void IncidentTitlesKeepNone()
    {
        var incident = new Incident(Spoofed, IncidentImpact.Major, ["public"], [], At);

        Assert.Equal("Invoicesfdp.exe x", incident.Title);
    }

    [Fact]
    public void ANameOfControlsAloneIsMissing()
    {
        var problem = Assert.Throws<DomainException>(() => new Incident("\u202E\u202C", IncidentImpact.Major, ["public"], [], At));

        Assert.Equal("Title is required.", problem.Message);
    }
}
