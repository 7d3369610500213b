using Microsoft.EntityFrameworkCore;

namespace Portal.Tests.Support;

public static class PortalLog
{
    /// <summary>Seeding writes neither events nor audit entries, so any found were written by the test.</summary>
    public static async Task AssertNothingWrittenAsync(this TestPortal portal)
    {
        await using var db = portal.NewDbContext();
        Assert.Equal(0, await db.PortalEvents.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }
}
