namespace Portal.Tests.Support;

/// <summary>
/// What a test needs to run, reported to the runner as the trait <c>Kind</c> so one kind can be
/// left out: <c>dotnet test --filter "Kind!=Browser&amp;Kind!=Node"</c> (what <c>./test.sh --fast</c> runs).
/// </summary>
public enum TestKind
{
    /// <summary>Plain objects in memory: no database, no host.</summary>
    Unit,

    /// <summary>Portal.Core (and bUnit components over it) on a real SQLite file.</summary>
    Database,

    /// <summary>The whole portal through <c>WebApplicationFactory</c> and HTTP.</summary>
    Web,

    /// <summary>The status hub through the .NET SignalR client (and several nodes on the PostgreSQL test server).</summary>
    Hub,

    /// <summary>The official JavaScript SignalR client in node (needs <c>npm ci</c>).</summary>
    Node,

    /// <summary>Pages in a real headless Chromium.</summary>
    Browser,
}

/// <summary>
/// The kind of every test class: the default of the folder (namespace) it lives in, or of the
/// nearest folder above it, unless it is listed among the exceptions. A class in a folder with no default has no kind, which
/// <c>TestKindTests</c> refuses, so no new test can slip out of the kinds unnoticed.
/// </summary>
public static class TestKinds
{
    public const string Trait = "Kind";

    private static readonly Dictionary<string, TestKind> ByFolder = new(StringComparer.Ordinal)
    {
        ["Portal.Tests.Domain"] = TestKind.Unit,
        ["Portal.Tests.Support"] = TestKind.Unit,
        ["Portal.Tests.Accounts"] = TestKind.Database,
        ["Portal.Tests.Events"] = TestKind.Database,
        ["Portal.Tests.Features"] = TestKind.Database,
        ["Portal.Tests.Persistence"] = TestKind.Database,
        ["Portal.Tests.Components"] = TestKind.Database,
        ["Portal.Tests.CommandLine"] = TestKind.Database,
        ["Portal.Tests.Api"] = TestKind.Web,
        ["Portal.Tests.Configuration"] = TestKind.Web,
        ["Portal.Tests.Mail"] = TestKind.Web,
        ["Portal.Tests.Isolation"] = TestKind.Web,
        ["Portal.Tests.Hubs"] = TestKind.Hub,
        ["Portal.Tests.MultiNode"] = TestKind.Hub,
        ["Portal.Tests.Browser"] = TestKind.Browser,
    };

    private static readonly Dictionary<Type, TestKind> Exceptions = new()
    {
        [typeof(Hubs.StatusHubJavaScriptClientTests)] = TestKind.Node,
        [typeof(Hubs.CallBucketTests)] = TestKind.Unit,
        [typeof(Hubs.HubConnectionsTests)] = TestKind.Unit,
        [typeof(Hubs.SequenceOrderTests)] = TestKind.Unit,
        [typeof(Components.RelativeTimeTests)] = TestKind.Unit,
        [typeof(Api.PortalAddressTests)] = TestKind.Unit,
        [typeof(Features.Statements.StatementMarkdownTests)] = TestKind.Unit,
    };

    public static TestKind? Of(Type testClass)
    {
        if (Exceptions.TryGetValue(testClass, out var exception))
        {
            return exception;
        }

        // Sub-folders take their folder's kind: Features/People is Database like Features.
        for (var folder = testClass.Namespace; folder is { Length: > 0 }; folder = folder[..Math.Max(folder.LastIndexOf('.'), 0)])
        {
            if (ByFolder.TryGetValue(folder, out var kind))
            {
                return kind;
            }
        }

        return null;
    }
}
