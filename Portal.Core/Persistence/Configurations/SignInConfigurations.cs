using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Domain;

namespace Portal.Core.Persistence.Configurations;

internal sealed class PersonSessionConfiguration : IEntityTypeConfiguration<PersonSession>
{
    public void Configure(EntityTypeBuilder<PersonSession> builder)
    {
        builder.Property(s => s.Id).HasMaxLength(PersonSession.IdMaxLength);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.UserId);
    }
}

internal sealed class SignInFailureConfiguration : IEntityTypeConfiguration<SignInFailure>
{
    public void Configure(EntityTypeBuilder<SignInFailure> builder)
    {
        builder.Property(f => f.Address).HasMaxLength(SignInFailure.AddressMaxLength);
        builder.Property(f => f.Account).HasMaxLength(SignInFailure.AccountMaxLength);
        builder.HasIndex(f => new { f.Address, f.At });
        builder.HasIndex(f => new { f.Account, f.At });
        builder.HasIndex(f => f.At);
    }
}
