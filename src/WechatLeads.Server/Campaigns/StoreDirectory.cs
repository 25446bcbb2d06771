using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Campaigns;

/// <summary>Resolves the <c>store</c> scene in a campaign link to the store's name, or nothing for a made-up one.</summary>
public sealed class StoreDirectory(IServiceScopeFactory scopes, IMemoryCache cache)
{
    public async Task<string?> StoreNameAsync(long campaignId, string? scene, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(scene) || scene.Length > 64) return null;
        return await cache.GetOrCreateAsync($"store:{campaignId}:{scene}", async item =>
        {
            item.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
            return await db.Set<StoreQrCode>().AsNoTracking().Where(q => q.CampaignId == campaignId && q.Scene == scene)
                .Select(q => q.StoreName).SingleOrDefaultAsync(cancellationToken);
        });
    }
}
