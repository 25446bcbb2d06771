using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.KeywordReplies;

/// <summary>
/// One automatic reply to a follower's text message: when the text equals (<c>exact</c>) or contains
/// (<c>contains</c>) one of <see cref="Keywords"/>, answer with a text, a link card or a campaign card. The
/// default reply (<see cref="IsDefault"/>) answers anything no rule matched. Opt-out words always win over all of them.
/// </summary>
internal sealed class KeywordReply
{
    public long Id { get; set; }
    /// <summary><see cref="KeywordMatches"/>; empty for the default reply.</summary>
    public string Match { get; set; } = "";
    /// <summary>The keywords, one per line, as typed (matching ignores case and full/half width).</summary>
    public string Keywords { get; set; } = "";
    /// <summary><see cref="ReplyTypes"/>.</summary>
    public required string Type { get; set; }
    public string? Text { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? Url { get; set; }
    /// <summary>For a campaign card: the campaign's slug.</summary>
    public string? Campaign { get; set; }
    /// <summary>Promotes something: follows the marketing rules (never to someone who opted out; names the sender and how to opt out).</summary>
    public bool Promotional { get; set; }
    public bool IsDefault { get; set; }
    public int Position { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }

    public IReadOnlyList<string> KeywordList() => Keywords.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>How texts are compared: full-width folded to half-width (NFKC), case ignored, outer spaces dropped.</summary>
    public static string Normalise(string text) => text.Normalize(NormalizationForm.FormKC).Trim().ToLower(CultureInfo.InvariantCulture);
}

internal static class KeywordMatches
{
    public const string Exact = "exact";
    public const string Contains = "contains";
}

internal static class ReplyTypes
{
    /// <summary>The default reply when there is none: silence.</summary>
    public const string None = "none";
    public const string Text = "text";
    public const string Link = "link";
    public const string Campaign = "campaign";
}

internal sealed class KeywordReplyConfiguration : IEntityTypeConfiguration<KeywordReply>
{
    public void Configure(EntityTypeBuilder<KeywordReply> b)
    {
        b.ToTable("KeywordReplies");
        b.Property(x => x.Match).HasMaxLength(16);
        b.Property(x => x.Keywords).HasMaxLength(1000);
        b.Property(x => x.Type).HasMaxLength(16);
        b.Property(x => x.Text).HasMaxLength(600);
        b.Property(x => x.Title).HasMaxLength(64);
        b.Property(x => x.Description).HasMaxLength(120);
        b.Property(x => x.Url).HasMaxLength(512);
        b.Property(x => x.Campaign).HasMaxLength(64);
        b.Property(x => x.UpdatedBy).HasMaxLength(64);
        // One default reply, ever: it is also the mark that config/replies.json was loaded (two instances
        // starting at once can't both load it).
        b.HasIndex(x => x.IsDefault).IsUnique().HasFilter("\"IsDefault\"");
    }
}
