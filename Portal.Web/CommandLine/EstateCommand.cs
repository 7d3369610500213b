using System.CommandLine;
using System.Text.Json;
using Portal.Core.Features.Estate;

namespace Portal.Web.CommandLine;

/// <summary><c>admin estate export|import</c>: prepare an estate before a crisis and load it into a new portal in minutes.</summary>
internal static class EstateCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static Command Create(CommandLineContext context) =>
        new("estate", "Export the estate (audiences, groups, phases, systems, templates) to JSON, or import it into a new portal.")
        {
            ExportCommand(context),
            ImportCommand(context),
        };

    private static Command ExportCommand(CommandLineContext context)
    {
        var file = new Option<FileInfo>("--file") { Description = "The JSON file to write; it must not exist yet.", Required = true };
        var command = new Command("export", "Write the estate's structure to a JSON file (no statuses, statements or people).") { file };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var target = parsed.GetValue(file)!;
            if (target.Exists)
            {
                throw new CommandLineException($"{target.FullName} already exists; choose another file or remove it.");
            }

            await using var portal = await context.OpenAsync(upgrade: true, cancellationToken);
            var estate = await portal.Get<ExportEstate>().HandleAsync(CommandLineContext.Actor, cancellationToken);
            await using (var stream = new FileStream(target.FullName, FileMode.CreateNew))
            {
                await JsonSerializer.SerializeAsync(stream, estate, Json, cancellationToken);
            }

            await portal.AuditAsync("estate.exported", "Estate", "estate",
                new { file = target.FullName, systems = estate.Systems.Count }, cancellationToken);

            await context.Output.WriteLineAsync(
                $"Exported {estate.Systems.Count} systems in {estate.Groups.Count} groups, {estate.Phases.Count} phases, " +
                $"{estate.Audiences.Count} audiences and {estate.Templates.Count} templates to {target.FullName}.");
            return 0;
        });
        return command;
    }

    private static Command ImportCommand(CommandLineContext context)
    {
        var file = new Option<FileInfo>("--file") { Description = "A file written by 'estate export'.", Required = true };
        var command = new Command("import",
            "Load an exported estate into a portal that has none yet (start it with Portal:SeedDemoData false). All or nothing.")
        {
            file,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var source = parsed.GetValue(file)!;
            EstateDocument estate;
            try
            {
                await using var stream = source.OpenRead();
                estate = await JsonSerializer.DeserializeAsync<EstateDocument>(stream, Json, cancellationToken)
                    ?? throw new CommandLineException($"{source.FullName} holds no estate.");
            }
            catch (JsonException problem)
            {
                throw new CommandLineException($"{source.FullName} is not an estate export: {problem.Message}");
            }
            catch (FileNotFoundException)
            {
                throw new CommandLineException($"There is no file {source.FullName}.");
            }

            await using var portal = await context.OpenAsync(upgrade: true, cancellationToken);
            var imported = await portal.Get<ImportEstate>().HandleAsync(estate, CommandLineContext.Actor, cancellationToken);
            await context.Output.WriteLineAsync(
                $"Imported {imported.Systems} systems in {imported.Groups} groups, {imported.Phases} phases, " +
                $"{imported.Audiences} audiences and {imported.Templates} templates.");
            return 0;
        });
        return command;
    }
}
