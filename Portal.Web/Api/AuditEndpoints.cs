using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Domain;
using Portal.Core.Features.Audit;

namespace Portal.Web.Api;

public static class AuditEndpoints
{
    /// <summary><c>GET /admin/audit/export.csv</c>: the filtered audit log as CSV (Admin only).</summary>
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin/audit/export.csv", async Task<Results<EmptyHttpResult, ProblemHttpResult>> (
                HttpContext context,
                GetAuditLog auditLog,
                TimeProvider clock,
                [FromQuery] string? person,
                [FromQuery] string? entityType,
                [FromQuery] string? from,
                [FromQuery] string? to) =>
            {
                if (!TryParseTime(from, out var fromTime) || !TryParseTime(to, out var toTime))
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid time",
                        detail: "'from' and 'to' must be ISO 8601 times, for example 2026-11-26T00:00:00Z.");
                }

                var stamp = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
                context.Response.ContentType = "text/csv; charset=utf-8";
                context.Response.Headers.ContentDisposition = $"attachment; filename=\"audit-{stamp}.csv\"";
                await using var writer = new StreamWriter(context.Response.Body, new System.Text.UTF8Encoding(false));
                await auditLog.WriteCsvAsync(new AuditFilter(person, entityType, null, fromTime, toTime), writer, context.RequestAborted);
                return TypedResults.Empty;
            })
            .RequireAuthorization(policy => policy.RequireRole(PortalRoles.Admin))
            .WithName("ExportAuditLog")
            .WithSummary("The audit log, filtered by person, entity type and time, as CSV.");
        return endpoints;
    }

    private static bool TryParseTime(string? value, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        return false;
    }
}
