using Portal.Core;
using Portal.Core.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.MultiNode;

/// <summary>Settings that make a portal a node of a cluster on one database of the PostgreSQL test server.</summary>
internal static class TwoNodes
{
    public static Dictionary<string, string?> NodeSettings(string database, string nodeId) => new()
    {
        ["Portal:Database:Provider"] = nameof(DatabaseProvider.PostgreSQL),
        [$"ConnectionStrings:{PortalDatabase.ConnectionStringName}"] = PostgreSqlTestServer.ConnectionStringFor(database),
        ["Portal:Consumers:NodeId"] = nodeId,
    };
}
