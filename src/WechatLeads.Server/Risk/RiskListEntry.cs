using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.Risk;

/// <summary>
/// An operator's block or allow entry for draws: a phone number (kept as its blind index, shown masked) or a
/// WeChat openid (kept as its subject key, shown shortened). Blocked players are refused before the draw;
/// allowed ones (staff test accounts) skip the risk check and the address and device limits — never the
/// one-per-person limits.
/// </summary>
internal sealed class RiskListEntry
{
    public long Id { get; set; }
    /// <summary><see cref="RiskLists.Block"/> or <see cref="RiskLists.Allow"/>.</summary>
    public required string List { get; set; }
    /// <summary><see cref="RiskLists.Phone"/> or <see cref="RiskLists.OpenId"/>.</summary>
    public required string Kind { get; set; }
    /// <summary>The phone's blind index or the openid's subject key: matching needs no clear value.</summary>
    public required string Key { get; set; }
    /// <summary>What staff see: 138****8000, or the openid's first and last characters.</summary>
    public required string Display { get; set; }
    public string Note { get; set; } = "";
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal static class RiskLists
{
    public const string Block = "block";
    public const string Allow = "allow";
    public const string Phone = "phone";
    public const string OpenId = "openid";
}

internal sealed class RiskListEntryConfiguration : IEntityTypeConfiguration<RiskListEntry>
{
    public void Configure(EntityTypeBuilder<RiskListEntry> b)
    {
        b.ToTable("RiskListEntries");
        b.Property(x => x.List).HasMaxLength(8);
        b.Property(x => x.Kind).HasMaxLength(8);
        b.Property(x => x.Key).HasMaxLength(64);
        b.Property(x => x.Display).HasMaxLength(32);
        b.Property(x => x.Note).HasMaxLength(200);
        b.Property(x => x.CreatedBy).HasMaxLength(128);
        b.HasIndex(x => new { x.Kind, x.Key }).IsUnique(); // one list per person: moving them is a delete and an add
    }
}
