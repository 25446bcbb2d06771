using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.DrawRules;

/// <summary>
/// A draw attempt the limits refused (one per person per day, the campaign total…): what the evidence report
/// counts as blocked attempts. No person in it — the campaign, why, WeChat's risk rank, when.
/// </summary>
internal sealed class DrawRefusal
{
    public long Id { get; set; }
    public long CampaignId { get; set; }
    public required string Reason { get; set; }
    public int? RiskRank { get; set; }
    public DateTime At { get; set; }

    private const string InsertSql =
        """INSERT INTO "DrawRefusals" ("CampaignId", "Reason", "RiskRank", "At") VALUES (@CampaignId, @Reason, @RiskRank, @At)""";

    /// <summary>
    /// Written in the writer's transaction (deferred: nothing waits on it): by the participation's write after its
    /// savepoint was rolled back, or on its own.
    /// </summary>
    public static void Insert(Data.WriteBatch batch, long campaignId, string reason, int? riskRank) =>
        batch.Defer(InsertSql, new { CampaignId = campaignId, Reason = reason, RiskRank = riskRank, At = batch.Now });
}

internal sealed class DrawRefusalConfiguration : IEntityTypeConfiguration<DrawRefusal>
{
    public void Configure(EntityTypeBuilder<DrawRefusal> b)
    {
        b.ToTable("DrawRefusals");
        b.Property(x => x.Reason).HasMaxLength(32);
        b.HasIndex(x => new { x.CampaignId, x.At });
    }
}

/// <summary>A refusal decided before the participation's write (a blocked player): counted on its own.</summary>
internal sealed class RecordDrawRefusal(long campaignId, string reason) : Data.IDurableWrite
{
    public Task ApplyAsync(Data.WriteBatch batch, CancellationToken ct)
    {
        DrawRefusal.Insert(batch, campaignId, reason, null);
        return Task.CompletedTask;
    }
}
