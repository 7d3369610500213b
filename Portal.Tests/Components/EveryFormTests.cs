namespace Portal.Tests.Components;

/// <summary>No form left behind: every form of the portal checks its answers on submit, through the one SubmitValidation.</summary>
public sealed class EveryFormTests
{
    private static IEnumerable<string> RazorFiles()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Portal.sln")))
        {
            folder = folder.Parent;
        }

        var web = Path.Combine(folder?.FullName ?? throw new InvalidOperationException("Portal.sln not found above the test binaries."), "Portal.Web");
        return Directory.EnumerateFiles(web, "*.razor", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryEditFormUsesSubmitValidation()
    {
        var forms = RazorFiles().Where(f => File.ReadAllText(f).Contains("<EditForm", StringComparison.Ordinal)).ToList();

        Assert.True(forms.Count > 20, $"Only {forms.Count} forms found: is the source tree where the test looks?");
        Assert.All(forms, f => Assert.Contains("<SubmitValidation", File.ReadAllText(f), StringComparison.Ordinal));
    }

    [Fact]
    public void NoFormUsesAValidatorOrAMudBlazorInputThatSpeaksBeforeTheSubmit()
    {
        string[] speakEarly = ["<DataAnnotationsValidator", "<MudTextField", "<MudNumericField", "<MudRadioGroup"];

        Assert.All(RazorFiles(), f =>
        {
            var text = File.ReadAllText(f);
            Assert.DoesNotContain(speakEarly, early => text.Contains(early, StringComparison.Ordinal));
        });
    }
}
