using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.People;

/// <summary>
/// A change to accounts: Identity's <see cref="UserManager{TUser}"/> and the audit entry share one
/// fresh DbContext and one transaction, so an account change and its audit entry land together.
/// </summary>
internal sealed class AccountChange : IAsyncDisposable
{
    private readonly AsyncServiceScope _scope;
    private readonly IDbContextTransaction _transaction;

    private AccountChange(AsyncServiceScope scope, IDbContextTransaction transaction)
    {
        _scope = scope;
        _transaction = transaction;
    }

    public UserManager<PortalUser> Users => _scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();

    public RoleManager<IdentityRole> Roles => _scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();

    public PortalDbContext Db => _scope.ServiceProvider.GetRequiredService<PortalDbContext>();

    /// <summary>Identity's store, for the few writes that must not go through a <see cref="UserManager{TUser}"/> method that changes the security stamp.</summary>
    public IUserAuthenticatorKeyStore<PortalUser> AuthenticatorKeys =>
        (IUserAuthenticatorKeyStore<PortalUser>)_scope.ServiceProvider.GetRequiredService<IUserStore<PortalUser>>();

    public static async Task<AccountChange> BeginAsync(IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return new AccountChange(scope, await db.Database.BeginTransactionAsync(cancellationToken));
    }

    public async Task<PortalUser> FindAsync(string userId) =>
        await Users.FindByIdAsync(userId) ?? throw new NotFoundException("There is no such person.");

    /// <summary>Throws a <see cref="DomainException"/> carrying Identity's own explanation when it refused.</summary>
    public static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new DomainException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    public async Task CommitAsync(Actor actor, string action, PortalUser subject, object? before, object? after, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        Db.Audit(actor, action, "Person", subject.Email ?? subject.Id, before, after, at);
        await Db.SaveChangesAsync(cancellationToken);
        await CommitTransactionAsync(cancellationToken);
    }

    /// <summary>Commits a change that wrote its own audit entry, then tells the console (people are seen by staff only).</summary>
    public async Task CommitTransactionAsync(CancellationToken cancellationToken)
    {
        await _transaction.CommitAsync(cancellationToken);
        _scope.ServiceProvider.GetRequiredService<PortalEventStream>().PublishStaffChange();
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _scope.DisposeAsync();
    }
}
