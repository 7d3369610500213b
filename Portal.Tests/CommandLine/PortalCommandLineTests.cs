using Portal.Tests.Support;

namespace Portal.Tests.CommandLine;

public sealed class PortalCommandLineTests
{
    [Theory]
    [InlineData("admin")]
    [InlineData("admin api-keys")]
    [InlineData("admin api-keys create")]
    [InlineData("admin api-keys list")]
    [InlineData("admin api-keys revoke")]
    [InlineData("admin administrators create")]
    [InlineData("admin administrators reset")]
    [InlineData("admin estate export")]
    [InlineData("admin estate import")]
    [InlineData("admin backup")]
    [InlineData("admin backup check")]
    public async Task EveryCommandExplainsItselfWithHelp(string command)
    {
        await using var portal = await TestPortal.StartAsync();

        var run = await CommandLineRun.RunAsync(portal, [.. command.Split(' '), "--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Contains("Usage:", run.Output, StringComparison.Ordinal);
        Assert.Contains(command, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownCommandIsOneLineOnStandardError()
    {
        await using var portal = await TestPortal.StartAsync();

        var run = await CommandLineRun.RunAsync(portal, "admin", "api-keys", "rotate");

        run.ShouldBeRefusedWith("rotate");
        Assert.Equal(2, run.ExitCode);
    }
}
