using System.Globalization;
using Portal.Core.Domain;
using Portal.Core.Features.Audiences;
using Portal.Core.Features.Systems;

namespace Portal.Web.Api;

/// <summary>Checks of what a request body names (audiences, systems, text lengths), each answered as a problem naming the field.</summary>
public static partial class ApiV1
{
    /// <summary>The ETag of anything versioned (a system, a maintenance window, a statement) at <paramref name="version"/>.</summary>
    public static string ETagOf(int version) => $"\"v{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>Refuses (403, before the body is read) a key without <paramref name="scope"/>; the Core use case checks it again.</summary>
    public static RouteHandlerBuilder RequireScope(this RouteHandlerBuilder builder, string scope) =>
        builder.RequireAuthorization(policy => policy
            .AddAuthenticationSchemes(Accounts.ApiKeyAuthenticationHandler.SchemeName)
            .RequireClaim(Accounts.ApiKeyAuthenticationHandler.ScopeClaim, scope));

    /// <summary>Null when <paramref name="value"/> is present and at most <paramref name="maxLength"/> long; otherwise a problem naming <paramref name="field"/>.</summary>
    public static IResult? RequireText(string? value, int maxLength, string field, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? Invalid(field, "This field is required.") : null;
        }

        return value.Trim().Length > maxLength ? Invalid(field, $"This may be at most {maxLength} characters.") : null;
    }

    /// <summary>Null when every audience exists; otherwise a problem naming the first unknown one (<c>audiences[i]</c>).</summary>
    public static async Task<IResult?> CheckAudiencesAsync(IReadOnlyList<string>? audiences, GetAudiences known, CancellationToken cancellationToken)
    {
        if (audiences is not { Count: > 0 })
        {
            return Invalid("audiences", "Name at least one audience who may see this, e.g. [\"public\"].");
        }

        var keys = (await known.HandleAsync(cancellationToken)).Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < audiences.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(audiences[i]) || !keys.Contains(Audience.NormaliseKey(audiences[i])))
            {
                return Invalid($"audiences[{i}]", $"There is no audience '{audiences[i]}'; use one of {string.Join(", ", keys.Order(StringComparer.Ordinal))}.");
            }
        }

        return null;
    }

    /// <summary>The ids of the systems named by slug, or a problem naming the first unknown one (<c>systems[i]</c>).</summary>
    public static async Task<(IReadOnlyList<int> Ids, IResult? Problem)> SystemIdsAsync(IReadOnlyList<string>? slugs, FindSystemIds find,
        CancellationToken cancellationToken)
    {
        if (slugs is not { Count: > 0 })
        {
            return ([], null);
        }

        var ids = await find.HandleAsync(slugs.Where(s => s is not null), cancellationToken);
        var found = new List<int>();
        for (var i = 0; i < slugs.Count; i++)
        {
            if (slugs[i] is not { } slug || !ids.TryGetValue(slug, out var id))
            {
                return ([], Invalid($"systems[{i}]", $"There is no system '{slugs[i]}'."));
            }

            found.Add(id);
        }

        return (found, null);
    }
}
