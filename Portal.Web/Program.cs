using Portal.Core;
using Portal.Core.Persistence;
using Portal.Web;
using Portal.Web.CommandLine;

// `Portal.Web admin …` answers one operator command on the same configuration and database, and exits.
if (args is ["admin", ..])
{
    return await PortalCommandLine.RunAsync(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);

// Serve package assets (MudBlazor, the Blazor script) straight from the build output too, so
// `dotnet run` works in any environment; a published app has them in wwwroot and this is a no-op.
builder.WebHost.UseStaticWebAssets();
builder.ServeStaticAssetsAsBuilt();

WebApplication app;
try
{
    var database = PortalDatabase.From(builder.Configuration, builder.Environment.ContentRootPath);
    database.EnsureUsable();
    builder.Services.AddPortalCore(builder.Configuration, database);
    builder.Services.AddPortalWeb(builder.Configuration, database);
    app = builder.Build();

    // Every setting is checked when the host starts anyway; checking here first gives one line, not a stack trace.
    PortalSettings.ThrowIfInvalid(app.Services);
}
catch (PortalStartupException problem)
{
    Console.Error.WriteLine($"Estate Status Portal cannot start. {problem.Message}");
    return 1;
}

app.UsePortalWeb();
app.Run();
return 0;

/// <summary>The web host's entry point; public so integration tests can start it.</summary>
public partial class Program;
