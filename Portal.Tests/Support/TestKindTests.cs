using Portal.Tests.Browser;
using Portal.Tests.Hubs;

namespace Portal.Tests.Support;

public sealed class TestKindTests
{
    private static readonly Type[] TestClasses = typeof(TestKindTests).Assembly.GetTypes()
        .Where(t => t.GetMethods().Any(m => m.GetCustomAttributes(typeof(FactAttribute), inherit: true).Length > 0))
        .ToArray();

    [Fact]
    public void GivesEveryTestClassAKind()
    {
        Assert.True(TestClasses.Length > 50, $"Only {TestClasses.Length} test classes found.");
        Assert.Empty(TestClasses.Where(t => TestKinds.Of(t) is null).Select(t => t.FullName));
    }

    [Fact]
    public void GivesTheBrowserKindToEveryTestThatStartsChromium()
    {
        var usesChromium = TestClasses.Where(t => t.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(BrowserFixture))));

        Assert.NotEmpty(usesChromium);
        Assert.All(usesChromium, t => Assert.Equal(TestKind.Browser, TestKinds.Of(t)));
    }

    [Fact]
    public void GivesTheNodeKindToTheJavaScriptClientTest() =>
        Assert.Equal(TestKind.Node, TestKinds.Of(typeof(StatusHubJavaScriptClientTests)));

    [Fact]
    public void TakesAnExceptionOverTheFolderDefault()
    {
        Assert.Equal(TestKind.Hub, TestKinds.Of(typeof(StatusHubTests)));
        Assert.Equal(TestKind.Unit, TestKinds.Of(typeof(CallBucketTests)));
    }
}
