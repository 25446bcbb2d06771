namespace WechatLeads.Server.CampaignConsole;

/// <summary>What <see cref="CampaignListPage"/> shows: every campaign, newest first, with its lead count.</summary>
public sealed record CampaignListView(IReadOnlyList<CampaignListRow> Campaigns);

public sealed record CampaignListRow(string Slug, string Title, string Type, string Status, DateTime StartsAt, DateTime EndsAt, int Leads);
