using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Campaigns;

internal static class CampaignChoices
{
    /// <summary>Every campaign as a drop-down choice, "标题（slug）" by slug, for the console's forms that target one.</summary>
    public static Task<List<SelectOption>> ListAsync(LeadsDbContext db, CancellationToken ct) =>
        db.Set<Campaign>().AsNoTracking().OrderBy(c => c.Slug).Select(c => new SelectOption(c.Slug, c.Title + "（" + c.Slug + "）")).ToListAsync(ct);
}
