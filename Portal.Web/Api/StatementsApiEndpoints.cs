using Portal.Core.Domain;
using Portal.Core.Features.Audiences;
using Portal.Core.Features.Statements;
using Portal.Core.Features.Systems;

namespace Portal.Web.Api;

/// <summary>A new statement draft: its words in Markdown, who may read it once published, and what it is about.</summary>
/// <param name="Audiences">Audience keys, e.g. <c>["suppliers"]</c>.</param>
/// <param name="Systems">Slugs of the systems the statement is about.</param>
public sealed record ApiStatementDraft(string? Title, string? Markdown, IReadOnlyList<string>? Audiences, int? IncidentId = null,
    IReadOnlyList<string>? Systems = null);

/// <summary>A change to a draft: only the fields sent change. A submitted draft goes back to draft.</summary>
public sealed record ApiStatementChange(string? Title = null, string? Markdown = null, IReadOnlyList<string>? Audiences = null,
    int? IncidentId = null, IReadOnlyList<string>? Systems = null);

/// <summary>A statement as the API answers it to the key that drafted it; <c>version</c> is also its ETag.</summary>
/// <param name="State">draft, submitted, approved, published or withdrawn: after submission, people approve and publish it.</param>
public sealed record ApiStatementAnswer(int Id, string Title, string Markdown, IReadOnlyList<string> Audiences, int? IncidentId,
    IReadOnlyList<string> Systems, string State, string Author, DateTimeOffset UpdatedAt, int Version)
{
    public static ApiStatementAnswer From(ApiStatement s) => new(s.Id, s.Title, s.BodyMarkdown, s.Audiences, s.IncidentId, s.Systems,
        s.State.ToString().ToLowerInvariant(), s.Author, s.UpdatedAt, s.Version);
}

/// <summary>
/// <c>/api/v1/statements</c>: a program with the statements:draft scope drafts statements and submits
/// them, through the console's use cases. Approval and publication are for people only: there is no
/// endpoint for them, and the use cases refuse every key.
/// </summary>
public static class StatementsApiEndpoints
{
    public static IEndpointRouteBuilder MapStatementsApiEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiV1Group("Statements");

        api.MapGet("/statements/{id:int}", async (int id, HttpContext context, GetStatementForApi query) =>
                await ApiV1.TryAsync(() => AnswerAsync(id, context, query, created: false)))
            .RequireScope(ApiScopes.StatementsDraft)
            .WithName("ApiGetStatement")
            .WithSummary("A statement this key drafted, in whatever state people have since taken it to; its ETag can be sent back as If-Match.")
            .Produces<ApiStatementAnswer>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/statements", async (HttpContext context, SaveStatementDraft save, GetStatementForApi query, GetAudiences audiences,
                FindSystemIds findSystems) =>
            {
                var (body, problem) = await ApiV1.ReadAsync<ApiStatementDraft>(context);
                if (problem is not null)
                {
                    return problem;
                }

                var (systemIds, invalid) = await ValidateAsync(body!.Title, body.Markdown, body.Audiences, body.Systems, audiences, findSystems,
                    context.RequestAborted);
                if (invalid is not null)
                {
                    return invalid;
                }

                return await ApiV1.TryAsync(async () =>
                {
                    var saved = await save.HandleAsync(new SaveStatementDraftRequest(null, body.Title!, body.Markdown!, body.Audiences!, body.IncidentId,
                        systemIds), ApiV1.Caller(context), context.RequestAborted);
                    return await AnswerAsync(saved.Id, context, query, created: true);
                });
            })
            .RequireScope(ApiScopes.StatementsDraft)
            .Idempotent()
            .WithName("ApiDraftStatement")
            .WithSummary("Drafts a statement (statements:draft). It is published only after people approve and publish it in the console.")
            .Accepts<ApiStatementDraft>("application/json")
            .Produces<ApiStatementAnswer>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPatch("/statements/{id:int}", async (int id, HttpContext context, SaveStatementDraft save, GetStatementForApi query,
                GetAudiences audiences, FindSystemIds findSystems) =>
            {
                var (body, problem) = await ApiV1.ReadAsync<ApiStatementChange>(context);
                if (problem is not null)
                {
                    return problem;
                }

                return await ApiV1.TryAsync(async () =>
                {
                    var actor = ApiV1.Caller(context);
                    if (await query.HandleAsync(id, actor, context.RequestAborted) is not { } current)
                    {
                        return NotFound(id);
                    }

                    var title = body!.Title ?? current.Title;
                    var markdown = body.Markdown ?? current.BodyMarkdown;
                    var audienceKeys = body.Audiences ?? current.Audiences;
                    var (systemIds, invalid) = await ValidateAsync(title, markdown, audienceKeys, body.Systems ?? current.Systems, audiences,
                        findSystems, context.RequestAborted);
                    if (invalid is not null)
                    {
                        return invalid;
                    }

                    await save.HandleAsync(new SaveStatementDraftRequest(id, title, markdown, audienceKeys, body.IncidentId ?? current.IncidentId,
                        systemIds, ApiV1.ExpectedVersion(context.Request) ?? current.Version), actor, context.RequestAborted);
                    return await AnswerAsync(id, context, query, created: false);
                });
            })
            .RequireScope(ApiScopes.StatementsDraft)
            .Idempotent()
            .WithName("ApiEditStatement")
            .WithSummary("Changes the fields sent of a draft this key wrote (statements:draft); a submitted one goes back to draft. With If-Match, 412 when stale.")
            .Accepts<ApiStatementChange>("application/json")
            .Produces<ApiStatementAnswer>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPost("/statements/{id:int}/submit", async (int id, HttpContext context, SubmitStatement submit, GetStatementForApi query) =>
                await ApiV1.TryAsync(async () =>
                {
                    var actor = ApiV1.Caller(context);
                    if (await query.HandleAsync(id, actor, context.RequestAborted) is null)
                    {
                        return NotFound(id);
                    }

                    await submit.HandleAsync(new StatementActionRequest(id, ApiV1.ExpectedVersion(context.Request)), actor, context.RequestAborted);
                    return await AnswerAsync(id, context, query, created: false);
                }))
            .RequireScope(ApiScopes.StatementsDraft)
            .Idempotent()
            .WithName("ApiSubmitStatement")
            .WithSummary("Submits a draft this key wrote for approval (statements:draft); people approve and publish it. With If-Match, 412 when stale.")
            .Produces<ApiStatementAnswer>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return endpoints;
    }

    private static async Task<IResult> AnswerAsync(int id, HttpContext context, GetStatementForApi query, bool created)
    {
        if (await query.HandleAsync(id, ApiV1.Caller(context), context.RequestAborted) is not { } statement)
        {
            return NotFound(id);
        }

        var answer = ApiStatementAnswer.From(statement);
        context.Response.Headers.ETag = ApiV1.ETagOf(answer.Version);
        return created
            ? TypedResults.Created($"{ApiV1.Prefix}/statements/{answer.Id}", answer)
            : TypedResults.Ok(answer);
    }

    private static async Task<(IReadOnlyList<int> SystemIds, IResult? Problem)> ValidateAsync(string? title, string? markdown,
        IReadOnlyList<string>? audienceKeys, IReadOnlyList<string>? systems, GetAudiences audiences, FindSystemIds findSystems,
        CancellationToken cancellationToken)
    {
        if (ApiV1.RequireText(title, Statement.TitleMaxLength, "title") is { } badTitle)
        {
            return ([], badTitle);
        }

        if (ApiV1.RequireText(markdown, Statement.BodyMaxLength, "markdown") is { } badMarkdown)
        {
            return ([], badMarkdown);
        }

        if (await ApiV1.CheckAudiencesAsync(audienceKeys, audiences, cancellationToken) is { } badAudience)
        {
            return ([], badAudience);
        }

        return await ApiV1.SystemIdsAsync(systems, findSystems, cancellationToken);
    }

    private static IResult NotFound(int id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"This key drafted no statement {id}.");
}
