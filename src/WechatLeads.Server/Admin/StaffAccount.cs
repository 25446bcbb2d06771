using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.Admin;

/// <summary>
/// A person's console or store account kept in the database, made and changed by a compliance officer in the
/// console (<c>/admin/staff</c>). Accounts in <c>Admin:Users</c> still work beside these and stay read-only here:
/// configuration is how the first compliance officer gets in.
/// </summary>
internal sealed class StaffAccount
{
    public long Id { get; set; }

    /// <summary>As the compliance officer typed it; shown and audited.</summary>
    public required string Name { get; set; }

    /// <summary>Lower-case <see cref="Name"/>: unique, so "Li.Lei" and "li.lei" are one account.</summary>
    public required string NormalizedName { get; set; }

    public required string PasswordHash { get; set; }
    public required string Role { get; set; }

    /// <summary>Role Store only: the store codes this account redeems at, comma-separated.</summary>
    public string Store { get; set; } = "";

    public bool Disabled { get; set; }

    /// <summary>Set by a password reset: the next console sign-in asks for a new password before anything else.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>A compliance officer requires a second factor: sign-in asks to set one up if there is none.</summary>
    public bool TotpRequired { get; set; }

    /// <summary>The authenticator's shared secret, encrypted (<see cref="StaffTotp"/>); null when none is set up.</summary>
    public string? TotpSecret { get; set; }

    /// <summary>The newest 30-second step a code was accepted for: a code seen once is never accepted again.</summary>
    public long TotpLastStep { get; set; }

    /// <summary>Changes with every change that must end open sessions: password, role, stores, disabling, second factor.</summary>
    public required string SecurityStamp { get; set; }

    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class StaffAccountConfiguration : IEntityTypeConfiguration<StaffAccount>
{
    public void Configure(EntityTypeBuilder<StaffAccount> b)
    {
        b.ToTable("StaffAccounts");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.NormalizedName).IsUnique();
        b.Property(x => x.Name).HasMaxLength(64);
        b.Property(x => x.NormalizedName).HasMaxLength(64);
        b.Property(x => x.PasswordHash).HasMaxLength(256);
        b.Property(x => x.Role).HasMaxLength(16);
        b.Property(x => x.Store).HasMaxLength(400);
        b.Property(x => x.TotpSecret).HasMaxLength(200);
        b.Property(x => x.SecurityStamp).HasMaxLength(32);
        b.Property(x => x.CreatedBy).HasMaxLength(128);
    }
}
