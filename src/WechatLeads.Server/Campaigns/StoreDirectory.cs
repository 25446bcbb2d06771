using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Campaigns;

/// <summary>Resolves the <c>store</c> scene in a campaign link to the store's name, or nothing for a made-up one.</summary>
internal sealed class StoreDirectory(IServiceScopeFactory scopes, IMemoryCache cache)
{
    /// <summary>
    /// A campaign's store QR codes change rarely (a new code shows up within this long); scenes in links
    /// arrive from anyone.
    /// </summary>
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(1);

    public async Task<string?> StoreNameAsync(long campaignId, string? scene, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(scene) || scene.Length > 64) return null;
        return (await StoresAsync(campaignId, cancellationToken)).GetValueOrDefault(scene);
    }

    /// <summary>
    /// All of a campaign's stores, scene → name, cached as one entry per campaign: a made-up scene is
    /// looked up in memory, so a flood of them costs neither a query nor a cache entry each.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> StoresAsync(long campaignId, CancellationToken cancellationToken) =>
        (await cache.GetOrCreateAsync($"stores:{campaignId}", async item =>
        {
            item.AbsoluteExpirationRelativeToNow = Ttl;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
            return (IReadOnlyDictionary<string, string>)await db.Set<StoreQrCode>().AsNoTracking().Where(q => q.CampaignId == campaignId)
                .ToDictionaryAsync(q => q.Scene, q => q.StoreName, StringComparer.Ordinal, cancellationToken);
        }))!;

    /// <summary>Forgets a campaign's stores after a code is added, so the new store attributes at once on this instance.</summary>
    public void Invalidate(long campaignId) => cache.Remove($"stores:{campaignId}");
}
