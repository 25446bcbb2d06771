using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Security;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Server.WechatApi;

/// <summary>
/// One access token per AppId for every instance sharing the database, refreshed by one holder of a
/// database lock at a time — the cure for the "every instance fetches, each fetch kills the last token"
/// 40001 storm. Tokens are encrypted at rest: a database dump must not hand out API access.
/// Each instance keeps what it last read for a few seconds, so a burst of API calls (thousands of opt-out
/// confirmations) does not cost a query and a decryption each. That is safe: WeChat keeps a replaced
/// token working for five minutes, and a token that fails is dropped here before the retry reads again.
/// </summary>
internal sealed class DatabaseAccessTokenStore(IServiceScopeFactory scopes, DatabaseLock locks, FieldCipher cipher, TimeProvider time) : IAccessTokenStore
{
    private const string Purpose = "access-token";
    private static readonly TimeSpan ReadFor = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (CachedAccessToken Token, DateTimeOffset ReadAt)> _recent = new(StringComparer.Ordinal);

    public async ValueTask<CachedAccessToken?> GetAsync(string appId, CancellationToken ct)
    {
        if (_recent.TryGetValue(appId, out var recent) && time.GetUtcNow() - recent.ReadAt < ReadFor) return recent.Token;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
        var row = await db.Set<AccessTokenRecord>().AsNoTracking().SingleOrDefaultAsync(t => t.AppId == appId, ct);
        if (row is null) return null;
        var token = new CachedAccessToken(cipher.Decrypt(row.ProtectedValue, Purpose), new DateTimeOffset(row.ExpiresAt, TimeSpan.Zero));
        _recent[appId] = (token, time.GetUtcNow());
        return token;
    }

    public async ValueTask<IAsyncDisposable> AcquireRefreshLockAsync(string appId, TimeSpan timeout, CancellationToken ct)
    {
        var held = await locks.AcquireAsync("access-token:" + appId, lease: TimeSpan.FromSeconds(30), timeout, ct);
        // The client reads again under the lock to see whether another instance refreshed meanwhile: that read
        // must reach the database, not this instance's copy.
        _recent.TryRemove(appId, out _);
        return held;
    }

    public async ValueTask SaveAsync(string appId, CachedAccessToken token, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
        var row = await db.Set<AccessTokenRecord>().SingleOrDefaultAsync(t => t.AppId == appId, ct);
        if (row is null)
        {
            row = new AccessTokenRecord { AppId = appId, ProtectedValue = "" };
            db.Add(row);
        }
        row.ProtectedValue = cipher.Encrypt(token.Value, Purpose);
        row.ExpiresAt = token.ExpiresAt.UtcDateTime;
        row.FetchedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
        _recent[appId] = (token, time.GetUtcNow());
    }

    public async ValueTask InvalidateAsync(string appId, string failedToken, CancellationToken ct)
    {
        if (_recent.TryGetValue(appId, out var recent) && recent.Token.Value == failedToken) _recent.TryRemove(appId, out _);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
        var row = await db.Set<AccessTokenRecord>().AsNoTracking().SingleOrDefaultAsync(t => t.AppId == appId, ct);
        if (row is null || cipher.Decrypt(row.ProtectedValue, Purpose) != failedToken) return;
        // Delete only the exact row we read (ciphertexts are unique per write): a token another instance
        // stored meanwhile survives.
        await db.Set<AccessTokenRecord>()
            .Where(t => t.AppId == appId && t.ProtectedValue == row.ProtectedValue)
            .ExecuteDeleteAsync(ct);
    }
}
