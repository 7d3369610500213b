namespace Portal.Core.Features.Statements;

public sealed record StatementTemplateView(int Id, string Name, string Title, string BodyMarkdown, IReadOnlyList<string> Audiences);
