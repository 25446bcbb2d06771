using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Stores;

namespace WechatLeads.Server.CampaignConsole;

/// <summary>
/// What <see cref="CampaignManagePage"/> shows: the campaign as the admin API answers it, the notices and stores
/// its forms choose from, and its store QR codes.
/// </summary>
public sealed record CampaignManageView(
    CampaignDetails Campaign, IReadOnlyList<SelectOption> Policies, IReadOnlyList<StoreRow> Stores, IReadOnlyList<StoreQrCodeRow> QrCodes)
{
    public string Api => $"/admin/api/campaigns/{Uri.EscapeDataString(Campaign.Slug)}";

    /// <summary>An ended campaign is kept as it ran: its page shows the settings read-only.</summary>
    public bool Ended => Campaign.Status == CampaignStatus.Ended;
}

/// <param name="WechatImageUrl">WeChat's own image of the code (showqrcode with the ticket).</param>
public sealed record StoreQrCodeRow(string StoreName, string Scene, string WechatImageUrl);
