namespace WechatLeads.Wechat.Api;

public sealed record CachedAccessToken(string Value, DateTimeOffset ExpiresAt);

/// <summary>
/// Where the access token lives. The host's implementation shares it between instances through the
/// database and makes <see cref="AcquireRefreshLockAsync"/> cluster-wide, so only one fetch happens at a time.
/// </summary>
public interface IAccessTokenStore
{
    ValueTask<CachedAccessToken?> GetAsync(string appId, CancellationToken ct);
    ValueTask<IAsyncDisposable> AcquireRefreshLockAsync(string appId, TimeSpan timeout, CancellationToken ct);
    ValueTask SaveAsync(string appId, CachedAccessToken token, CancellationToken ct);
    /// <summary>Drops the stored token only if it is still <paramref name="failedToken"/>.</summary>
    ValueTask InvalidateAsync(string appId, string failedToken, CancellationToken ct);
}

/// <summary>A process-local store, for one instance and for tests.</summary>
public sealed class InMemoryAccessTokenStore : IAccessTokenStore
{
    private readonly Dictionary<string, CachedAccessToken> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public ValueTask<CachedAccessToken?> GetAsync(string appId, CancellationToken ct)
    {
        lock (_gate) return ValueTask.FromResult(_tokens.GetValueOrDefault(appId));
    }

    public async ValueTask<IAsyncDisposable> AcquireRefreshLockAsync(string appId, TimeSpan timeout, CancellationToken ct)
    {
        SemaphoreSlim semaphore;
        lock (_gate)
        {
            if (!_locks.TryGetValue(appId, out semaphore!)) _locks[appId] = semaphore = new SemaphoreSlim(1, 1);
        }
        if (!await semaphore.WaitAsync(timeout, ct)) throw new TimeoutException($"The access-token lock for {appId} was not released in time.");
        return new Release(semaphore);
    }

    public ValueTask SaveAsync(string appId, CachedAccessToken token, CancellationToken ct)
    {
        lock (_gate) _tokens[appId] = token;
        return ValueTask.CompletedTask;
    }

    public ValueTask InvalidateAsync(string appId, string failedToken, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_tokens.TryGetValue(appId, out var current) && current.Value == failedToken) _tokens.Remove(appId);
        }
        return ValueTask.CompletedTask;
    }

    private sealed class Release(SemaphoreSlim semaphore) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            semaphore.Release();
            return ValueTask.CompletedTask;
        }
    }
}
