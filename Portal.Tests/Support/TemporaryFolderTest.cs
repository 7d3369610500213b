namespace Portal.Tests.Support;

/// <summary>A test class with a fresh temporary folder for each test, deleted after it.</summary>
public abstract class TemporaryFolderTest : IDisposable
{
    protected string Folder { get; } = TestPortal.NewFolder();

    public void Dispose()
    {
        TestPortal.DeleteFolder(Folder);
        GC.SuppressFinalize(this);
    }
}
