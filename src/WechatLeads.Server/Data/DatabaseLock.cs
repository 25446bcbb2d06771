using Microsoft.EntityFrameworkCore;

namespace WechatLeads.Server.Data;

/// <summary>
/// A cluster-wide lease on a name, held in the <c>Locks</c> table: taken with one upsert that only
/// overwrites an expired holder, so exactly one caller on any instance wins. The same SQL runs on
/// SQLite and PostgreSQL.
/// </summary>
internal sealed class DatabaseLock(IServiceScopeFactory scopes, TimeProvider time)
{
    private const string AcquireSql =
        "INSERT INTO \"Locks\" (\"Name\", \"Owner\", \"ExpiresAt\") VALUES ({0}, {1}, {2}) " +
        "ON CONFLICT (\"Name\") DO UPDATE SET \"Owner\" = excluded.\"Owner\", \"ExpiresAt\" = excluded.\"ExpiresAt\" " +
        "WHERE \"Locks\".\"ExpiresAt\" < {3}";

    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, TimeSpan lease, CancellationToken cancellationToken)
    {
        var owner = Guid.NewGuid().ToString("N");
        var now = time.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
        var rows = await db.Database.ExecuteSqlRawAsync(AcquireSql, [name, owner, now + lease, now], cancellationToken);
        return rows == 1 ? new Lease(this, name, owner) : null;
    }

    /// <summary>Waits (polling) until the lock is free or <paramref name="timeout"/> passes.</summary>
    public async Task<IAsyncDisposable> AcquireAsync(string name, TimeSpan lease, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var held = await TryAcquireAsync(name, lease, cancellationToken);
            if (held is not null) return held;
            if (time.GetUtcNow() >= deadline) throw new TimeoutException($"Lock '{name}' was not released within {timeout}.");
            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
        }
    }

    private async Task ReleaseAsync(string name, string owner)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
        await db.Set<DistributedLock>().Where(l => l.Name == name && l.Owner == owner).ExecuteDeleteAsync();
    }

    private sealed class Lease(DatabaseLock owner, string name, string id) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await owner.ReleaseAsync(name, id);
    }
}
