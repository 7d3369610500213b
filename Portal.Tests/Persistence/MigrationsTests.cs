using Microsoft.EntityFrameworkCore;
using Portal.Core;
using Portal.Core.Persistence;

namespace Portal.Tests.Persistence;

/// <summary>Each provider's migrations, applied at start, build exactly the model the code has.</summary>
public sealed class MigrationsTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "Data Source=:memory:")]
    [InlineData(DatabaseProvider.PostgreSQL, "Host=127.0.0.1;Database=not-opened")]
    public void EachProvidersMigrationsDescribeTheWholeModel(DatabaseProvider provider, string connectionString)
    {
        var database = new PortalDatabase(connectionString, "") { Provider = provider };
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        database.Configure(options);
        using var db = new PortalDbContext(options.Options);

        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {provider} migrations lag behind the model: add a migration for it (the commands are in PortalDbContext's comment).");
    }
}
