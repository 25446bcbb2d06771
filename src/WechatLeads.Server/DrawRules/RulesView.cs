using WechatLeads.Server.Platform;

namespace WechatLeads.Server.DrawRules;

/// <summary>A draw's 活动规则 as announced in one version: the document in words, its hash, and the other versions.</summary>
public sealed record RulesView(
    string Slug, string Title, int Version, string Sha256, string PublishedAt, PrizeTableView Prizes, int NoWinWeight, string StartsAt, string LastMinute,
    int DrawsPerDay, int DrawsTotal, string Organiser, string ComplaintContact, IReadOnlyList<int> Versions)
{
    internal static RulesView From(string slug, CampaignRulesVersion version, IReadOnlyList<int> all)
    {
        var doc = RulesDocument.Parse(version.Content)!;
        return new RulesView(
            slug,
            doc.Title,
            version.Version,
            version.Sha256,
            ChinaTime.Format(version.CreatedAt),
            PrizeTableView.From(doc, null),
            doc.NoWinWeight,
            ChinaTime.Format(doc.StartsAt), ChinaTime.Format(doc.LastMinute), doc.DrawsPerDay, doc.DrawsTotal, doc.Organiser, doc.ComplaintContact, all);
    }
}
