using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Portal.Core.Persistence;

namespace Portal.Migrations.PostgreSql;

/// <summary>
/// Lets <c>dotnet ef</c> build the PostgreSQL model without a server or the web host:
/// <c>dotnet ef migrations add NAME --project Portal.Migrations.PostgreSql --output-dir Migrations</c>.
/// </summary>
internal sealed class DesignTimePostgreSqlDbContextFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PortalDbContext>()
            .UseNpgsql("Host=localhost;Database=portal_design_time", npgsql => npgsql.MigrationsAssembly(PortalDbContext.PostgreSqlMigrationsAssembly))
            .Options);
}
