using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Risk;

/// <summary>
/// The block and allow lists, read once every 30 seconds per instance rather than on every draw (they are
/// short and change by hand); an edit on this instance applies at once.
/// </summary>
internal sealed class RiskListCache(IServiceScopeFactory scopes, TimeProvider time)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(30);
    private (DateTime At, Dictionary<(string Kind, string Key), string> Lists)? _loaded;

    /// <summary>The list (block / allow) of whichever of the number or the identity is on one; null when neither is.</summary>
    public async Task<string?> ListOfAsync(string phoneIndex, string subjectKey, CancellationToken ct)
    {
        var lists = await ListsAsync(ct);
        var (byPhone, byIdentity) = (lists.GetValueOrDefault((RiskLists.Phone, phoneIndex)), lists.GetValueOrDefault((RiskLists.OpenId, subjectKey)));
        return byPhone == RiskLists.Block || byIdentity == RiskLists.Block ? RiskLists.Block : byPhone ?? byIdentity; // a block wins
    }

    public void Forget() => _loaded = null;

    private async Task<Dictionary<(string, string), string>> ListsAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_loaded is { } loaded && now - loaded.At < Fresh) return loaded.Lists;
        await using var scope = scopes.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<LeadsDbContext>().Set<RiskListEntry>().AsNoTracking()
            .Select(e => new { e.Kind, e.Key, e.List }).ToListAsync(ct);
        var lists = rows.ToDictionary(r => (r.Kind, r.Key), r => r.List);
        _loaded = (now, lists);
        return lists;
    }
}
