using Portal.Core.Domain;

namespace Portal.Tests.Domain;

public sealed class StatementTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    private static Statement Draft() =>
        new("Payments update", "Payments run **twice** a week.", ["suppliers"], null, [], "alice@example.com", At);

    [Fact]
    public void RefusesApprovalByItsAuthor()
    {
        var statement = Draft();
        statement.Submit(At);

        var problem = Assert.Throws<DomainException>(() => statement.Approve("ALICE@example.com", At));

        Assert.Contains("someone other than its author", problem.Message);
        Assert.Equal(StatementState.Submitted, statement.State);
    }

    [Fact]
    public void PublishesOnlyAfterApprovalByASecondPerson()
    {
        var statement = Draft();
        statement.Submit(At);
        Assert.Throws<DomainException>(() => statement.Publish("alice@example.com", At));

        statement.Approve("bob@example.com", At.AddMinutes(5));
        statement.Publish("alice@example.com", At.AddMinutes(6));

        Assert.Equal(StatementState.Published, statement.State);
        Assert.Equal("bob@example.com", statement.ApprovedBy);
        Assert.Equal(At.AddMinutes(6), statement.PublishedAt);
        Assert.Equal(At.AddMinutes(6), statement.Revisions.Single().CreatedAt);
    }

    [Fact]
    public void BreakingGlassRecordsTheReason()
    {
        var statement = Draft();

        statement.PublishBreakingGlass("admin@example.com", "Approver unreachable; payment deadline today", At);

        Assert.Equal(StatementState.Published, statement.State);
        Assert.Equal("Approver unreachable; payment deadline today", statement.BreakGlassReason);
        Assert.Throws<DomainException>(() => Draft().PublishBreakingGlass("admin@example.com", " ", At));
    }

    [Fact]
    public void AmendingKeepsEveryEarlierRevision()
    {
        var statement = Published();

        statement.SubmitAmendment("Payments update", "Payments now run **three** times a week.", "alice@example.com", At.AddDays(1));
        statement.ApproveAmendment("bob@example.com", At.AddDays(1));
        statement.PublishAmendment("alice@example.com", At.AddDays(1));

        Assert.Equal([1, 2], statement.Revisions.Select(r => r.Number));
        Assert.Contains("twice", statement.Revisions[0].BodyMarkdown);
        Assert.Contains("three", statement.BodyMarkdown);
        Assert.Equal(At.AddDays(1), statement.UpdatedAt);
        Assert.Null(statement.AmendmentState);
    }

    [Fact]
    public void AnAmendmentIsNotReadUntilApprovedByASecondPersonAndPublished()
    {
        var statement = Published();

        statement.SubmitAmendment("Payments update", "Wire deposits to account 123.", "alice@example.com", At.AddDays(1));
        Assert.Throws<DomainException>(() => statement.PublishAmendment("alice@example.com", At.AddDays(1)));

        Assert.Equal(AmendmentState.Submitted, statement.AmendmentState);
        Assert.Contains("twice", statement.BodyMarkdown);
        Assert.Single(statement.Revisions);
    }

    [Fact]
    public void RefusesApprovalOfAnAmendmentByItsAuthor()
    {
        var statement = Published();
        statement.SubmitAmendment("Payments update", "Payments now run daily.", "carol@example.com", At.AddDays(1));

        var problem = Assert.Throws<DomainException>(() => statement.ApproveAmendment("CAROL@example.com", At.AddDays(1)));

        Assert.Contains("someone other than its author", problem.Message);
        Assert.Equal(AmendmentState.Submitted, statement.AmendmentState);
    }

    [Fact]
    public void ChangingAnApprovedAmendmentNeedsApprovalAgain()
    {
        var statement = Published();
        statement.SubmitAmendment("Payments update", "Payments now run daily.", "alice@example.com", At.AddDays(1));
        statement.ApproveAmendment("bob@example.com", At.AddDays(1));

        statement.SubmitAmendment("Payments update", "Wire deposits to account 123.", "alice@example.com", At.AddDays(1));

        Assert.Equal(AmendmentState.Submitted, statement.AmendmentState);
        Assert.Null(statement.AmendmentApprovedBy);
        Assert.Throws<DomainException>(() => statement.PublishAmendment("alice@example.com", At.AddDays(1)));
    }

    [Fact]
    public void WithdrawingKeepsTheStatementWithItsReason()
    {
        var statement = Published();
        statement.SubmitAmendment("Payments update", "Payments now run daily.", "alice@example.com", At.AddDays(1));

        statement.Withdraw("Superseded by the payment plan", "alice@example.com", PortalRoles.Publisher, At.AddDays(1));

        Assert.Equal(StatementState.Withdrawn, statement.State);
        Assert.True(statement.IsPublic);
        Assert.Equal("Superseded by the payment plan", statement.WithdrawalReason);
        Assert.Equal(PortalRoles.Publisher, statement.WithdrawnByRole);
        Assert.Null(statement.AmendmentState);
        Assert.Throws<DomainException>(() => statement.SubmitAmendment("x", "y", "alice@example.com", At.AddDays(2)));
    }

    [Fact]
    public void EditingAfterApprovalNeedsApprovalAgain()
    {
        var statement = Draft();
        statement.Submit(At);
        statement.Approve("bob@example.com", At);

        statement.EditDraft("Payments update", "Changed words", ["suppliers"], null, [], "alice@example.com", At.AddMinutes(1));

        Assert.Equal(StatementState.Draft, statement.State);
        Assert.Null(statement.ApprovedBy);
    }

    [Fact]
    public void RefusesApprovalByWhoeverLastChangedTheWords()
    {
        var statement = Draft();
        statement.EditDraft("Payments update", "Bob's words", ["suppliers"], null, [], "bob@example.com", At);
        statement.Submit(At);

        Assert.Throws<DomainException>(() => statement.Approve("bob@example.com", At));
        statement.Approve("carol@example.com", At);
        Assert.Equal(StatementState.Approved, statement.State);
    }

    [Fact]
    public void SchedulesOnlyApprovedStatementsForALaterTime()
    {
        var statement = Draft();
        statement.Submit(At);
        Assert.Throws<DomainException>(() => statement.Schedule(At.AddHours(1), "alice@example.com", At));
        statement.Approve("bob@example.com", At);
        Assert.Throws<DomainException>(() => statement.Schedule(At, "alice@example.com", At));

        statement.Schedule(At.AddHours(1), "alice@example.com", At);
        Assert.Throws<DomainException>(() => statement.PublishAsScheduled(At.AddMinutes(59)));
        statement.PublishAsScheduled(At.AddHours(1));

        Assert.Equal(StatementState.Published, statement.State);
        Assert.Equal("alice@example.com", statement.PublishedBy);
        Assert.Equal(At.AddHours(1), statement.PublishedAt);
    }

    [Fact]
    public void DraftsAreNotVisibleToAnyone()
    {
        var statement = Draft();

        Assert.False(statement.IsVisibleTo(new Viewer(["suppliers"]).Audiences));
    }

    [Fact]
    public void RefusesATitleOverTheLimit() =>
        Assert.Throws<DomainException>(() => new Statement(new string('t', Statement.TitleMaxLength + 1), "body",
            ["public"], null, [], "alice@example.com", At));

    private static Statement Published()
    {
        var statement = Draft();
        statement.Submit(At);
        statement.Approve("bob@example.com", At);
        statement.Publish("alice@example.com", At);
        return statement;
    }
}
