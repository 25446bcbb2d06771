using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.AuthorizationChanges;

/// <summary>
/// One 授权用户信息变更 push WeChat sent us, and when we acted on it: the evidence that a revoked phone number
/// or a deleted WeChat account was erased promptly. No openid — the keyed hash of the identity only.
/// </summary>
internal sealed class AuthorizationChange
{
    public required string Id { get; set; }
    /// <summary><see cref="AuthorizationChangeKinds"/>.</summary>
    public required string Kind { get; set; }
    /// <summary>Which push URL it came in on: <c>miniprogram</c> or <c>officialaccount</c>.</summary>
    public required string Source { get; set; }
    public required string SubjectKey { get; set; }
    /// <summary>WeChat's RevokeInfo as sent (item codes), for a revoke.</summary>
    public string? RevokeInfo { get; set; }
    public DateTime ReceivedAt { get; set; }
    /// <summary>When marketing to the revoked number was withdrawn (phone revokes only): run once, whatever the retries.</summary>
    public DateTime? MarketingStoppedAt { get; set; }
    /// <summary>When the erasure finished (at once for changes that need none); null while the job is pending.</summary>
    public DateTime? AppliedAt { get; set; }

    public const string Insert =
        """
        INSERT INTO "AuthorizationChanges" ("Id", "Kind", "Source", "SubjectKey", "RevokeInfo", "ReceivedAt", "AppliedAt")
        VALUES (@Id, @Kind, @Source, @SubjectKey, @RevokeInfo, @ReceivedAt, @AppliedAt)
        """;
}

internal static class AuthorizationChangeKinds
{
    /// <summary>The phone number was revoked: the identity's phone-derived data goes, marketing to the number stops.</summary>
    public const string PhoneRevoked = "phone-revoked";
    /// <summary>The person deleted their WeChat account: everything about the identity goes.</summary>
    public const string AccountCancelled = "account-cancelled";
    /// <summary>Something else was revoked (address picker, microphone…): nothing of it is held here.</summary>
    public const string OtherRevoked = "other-revoked";
    /// <summary>WeChat cleaned the person's nickname or avatar: nothing of the profile is held here.</summary>
    public const string ProfileModified = "profile-modified";
}

internal sealed class AuthorizationChangeConfiguration : IEntityTypeConfiguration<AuthorizationChange>
{
    public void Configure(EntityTypeBuilder<AuthorizationChange> b)
    {
        b.ToTable("AuthorizationChanges");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(32);
        b.Property(x => x.Kind).HasMaxLength(32);
        b.Property(x => x.Source).HasMaxLength(16);
        b.Property(x => x.SubjectKey).HasMaxLength(64);
        b.Property(x => x.RevokeInfo).HasMaxLength(64);
        b.HasIndex(x => x.ReceivedAt);
    }
}
