using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.CampaignConsole;

/// <summary>What <see cref="NewCampaignPage"/> offers: the published notices to choose from, and default dates.</summary>
public sealed record NewCampaignView(IReadOnlyList<SelectOption> Policies, DateTime StartsAt, DateTime EndsAt)
{
    /// <summary>console.js puts the new campaign's slug in place of {slug}.</summary>
    public const string AfterCreate = "/admin/campaigns/{slug}/manage";

    /// <summary>Rows for up to five prizes; a row whose name is left empty is not sent.</summary>
    public const int PrizeRows = 5;
}
