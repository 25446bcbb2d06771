using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.CampaignConsole;

/// <summary>
/// The console's side of campaigns: pages, creating, editing and starting them, prizes and code imports. It sits
/// above the features a campaign touches (announced rules, leads' retention, phone-number budgets), which the
/// campaign definitions below them must not know.
/// </summary>
internal static class CampaignConsoleSetup
{
    public static WebApplication MapCampaignConsole(this WebApplication app)
    {
        app.MapCampaignPages();
        app.MapAdminApi().MapCampaignAdmin().MapCampaignEditing().MapCouponCodeImport().MapCampaignCopy();
        return app;
    }
}
