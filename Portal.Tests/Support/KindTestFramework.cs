using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("Portal.Tests.Support.KindTestFramework", "Portal.Tests")]

namespace Portal.Tests.Support;

/// <summary>
/// xunit's own test framework, except that discovery gives every test the trait
/// <c>Kind</c> = <see cref="TestKinds.Of"/> its class (or <c>None</c>), so the runner can filter by kind
/// without an attribute on every test class.
/// </summary>
public sealed class KindTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new KindDiscoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class KindDiscoverer(IAssemblyInfo assemblyInfo, ISourceInformationProvider sourceProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkDiscoverer(assemblyInfo, sourceProvider, diagnosticMessageSink)
    {
        protected override bool FindTestsForMethod(
            ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            var kind = TestKinds.Of(testMethod.TestClass.Class.ToRuntimeType())?.ToString() ?? "None";
            using var tagging = new KindTaggingBus(messageBus, kind);
            return base.FindTestsForMethod(testMethod, includeSourceInformation, tagging, discoveryOptions);
        }
    }

    private sealed class KindTaggingBus(IMessageBus inner, string kind) : IMessageBus
    {
        public bool QueueMessage(IMessageSinkMessage message)
        {
            if (message is ITestCaseDiscoveryMessage discovered)
            {
                discovered.TestCase.Traits[TestKinds.Trait] = [kind];
            }

            return inner.QueueMessage(message);
        }

        // The bus belongs to the discoverer that passed it in.
        public void Dispose()
        {
        }
    }
}
