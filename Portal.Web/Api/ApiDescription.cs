using System.Text.Json;
using Microsoft.OpenApi;
using Portal.Web.Security;
using Scalar.AspNetCore;

namespace Portal.Web.Api;

/// <summary>
/// The OpenAPI description of <c>/api/v1</c> and <c>/api/v2</c> at <see cref="DocumentPath"/>, and an
/// interactive reference page at <see cref="ReferencePath"/> that loads nothing from outside the portal.
/// </summary>
public static class ApiDescription
{
    public const string DocumentName = "v1";

    public const string DocumentPath = "/openapi/v1.json";

    public const string ReferencePath = "/api/reference";

    public static IServiceCollection AddApiDescription(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            // 3.0 rather than 3.1: client generators read it more widely.
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
            options.ShouldInclude = description => description.RelativePath is { } path
                && (path.StartsWith("api/v1/", StringComparison.Ordinal) || path.StartsWith("api/v2/", StringComparison.Ordinal));
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Estate Status Portal API",
                    Version = "v1",
                    Description = "/api/v1: the write API and reads for API keys (send 'Authorization: Bearer KEY'). "
                        + "/api/v2: Atlassian Statuspage's public API v2, answered as the caller's audiences may see it.",
                };
                return Task.CompletedTask;
            });

            // The Statuspage answers are written in snake_case, as Statuspage's clients read them. Renamed
            // once every schema is known: a type first met as a property is not always shown to a schema transformer.
            options.AddDocumentTransformer((document, _, _) =>
            {
                foreach (var (name, schema) in document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
                {
                    if (name.StartsWith("Statuspage", StringComparison.Ordinal) && schema is OpenApiSchema { Properties.Count: > 0 } concrete)
                    {
                        concrete.Properties = concrete.Properties!.ToDictionary(p => SnakeCase(p.Key), p => p.Value, StringComparer.Ordinal);
                        if (concrete.Required is { Count: > 0 } required)
                        {
                            concrete.Required = required.Select(SnakeCase).ToHashSet(StringComparer.Ordinal);
                        }
                    }
                }

                return Task.CompletedTask;
            });
        });

    private static string SnakeCase(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    public static IEndpointRouteBuilder MapApiDescription(this IEndpointRouteBuilder endpoints)
    {
        // One document, at one fixed address: a pattern with a document-name parameter would answer (and
        // echo) any name asked for.
        endpoints.MapOpenApi($"/openapi/{DocumentName}.json");

        // The page's scripts are the package's own copies, served by the portal; its one inline script
        // carries the response's nonce, so the portal's policy needs no exception for it.
        endpoints.MapScalarApiReference(ReferencePath, (options, context) => options
            .WithTitle("Estate Status Portal API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddDocument(DocumentName)
            .WithNonce(BrowserDefences.ScriptNonce(context))
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .HideDeveloperTools()
            .DisableMcp())
            .AddEndpointFilter(async (context, next) =>
                context.HttpContext.GetRouteValue("documentName") is null or DocumentName ? await next(context) : Results.NotFound());
        return endpoints;
    }
}
