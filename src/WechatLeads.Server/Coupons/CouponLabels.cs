using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Stores;

namespace WechatLeads.Server.Coupons;

/// <summary>
/// Campaign titles, prize names and store names for what staff and tills are shown, cached for a minute: every
/// redemption names them, and they change rarely (a renamed store shows within the minute on each instance).
/// </summary>
internal sealed class CouponLabels(IServiceScopeFactory scopes, IMemoryCache cache)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(1);

    public Task<string> CampaignTitleAsync(long campaignId, CancellationToken ct) =>
        GetAsync(
            $"coupon-label:campaign:{campaignId}",
            db => db.Set<Campaign>().Where(c => c.Id == campaignId).Select(c => c.Title).SingleOrDefaultAsync(ct),
            "")!;

    public Task<string?> PrizeNameAsync(long? prizeId, CancellationToken ct) => prizeId is not { } id
        ? Task.FromResult<string?>(null)
        : GetAsync($"coupon-label:prize:{id}", db => db.Set<Prize>().Where(p => p.Id == id).Select(p => p.Name).SingleOrDefaultAsync(ct), null);

    /// <summary>Every store, code → name: a chain has tens to hundreds, one cache entry for all of them.</summary>
    public async Task<IReadOnlyDictionary<string, string>> StoreNamesAsync(CancellationToken ct) =>
        (await GetAsync<IReadOnlyDictionary<string, string>>("coupon-label:stores",
            async db => await db.Set<Store>().ToDictionaryAsync(s => s.Code, s => s.Name, StringComparer.Ordinal, ct), new Dictionary<string, string>()))!;

    private async Task<T?> GetAsync<T>(string key, Func<LeadsDbContext, Task<T?>> load, T? missing)
    {
        if (cache.TryGetValue(key, out T? hit)) return hit;
        await using var scope = scopes.CreateAsyncScope();
        var value = await load(scope.ServiceProvider.GetRequiredService<LeadsDbContext>()) ?? missing;
        cache.Set(key, value, Ttl);
        return value;
    }
}
