using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.MiniProgram;

/// <summary>
/// A mini-program login. The client holds an opaque bearer token; the database holds only its SHA-256,
/// WeChat's session_key encrypted, and a MAC binding the row together — the session key never reaches the client (WeChat's rule).
/// </summary>
internal sealed class MiniProgramSession
{
    public required string Id { get; set; }
    public required string TokenHash { get; set; }
    public required string OpenId { get; set; }
    public required string SessionKeyCipher { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    /// <summary><see cref="SessionMac"/> over the row: a row without a valid one (written by hand) is not a session.</summary>
    public string Mac { get; set; } = "";
}

internal sealed class MiniProgramSessionConfiguration : IEntityTypeConfiguration<MiniProgramSession>
{
    public void Configure(EntityTypeBuilder<MiniProgramSession> b)
    {
        b.ToTable("MiniProgramSessions");
        b.Property(x => x.Id).HasMaxLength(32);
        b.Property(x => x.TokenHash).HasMaxLength(64);
        b.Property(x => x.OpenId).HasMaxLength(64);
        b.Property(x => x.SessionKeyCipher).HasMaxLength(256);
        b.Property(x => x.Mac).HasMaxLength(64);
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasIndex(x => x.OpenId);
        b.HasIndex(x => x.ExpiresAt);
    }
}
