using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Followers;
using WechatLeads.Server.H5;

namespace WechatLeads.Server.Followers;

/// <summary>Whether this WeChat identity opted out of marketing (menu, TD, /h5/me): asked here so DataRights needs no Followers.</summary>
internal static class FollowerOptOut
{
    public static Task<bool> OptedOutAsync(LeadsDbContext db, string openId, CancellationToken ct) =>
        db.Set<Follower>().AnyAsync(f => f.OpenId == openId && f.MarketingOptOut, ct);
}
