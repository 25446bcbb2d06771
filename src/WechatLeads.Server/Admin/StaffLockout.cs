using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Admin;

/// <summary>Lock-out after repeated failures, counted per account name (existing or not, so names can't be probed).</summary>
public sealed class StaffLockout(LeadsDbContext db, TimeProvider time)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan LockFor = TimeSpan.FromMinutes(15);

    public async Task<bool> IsLockedAsync(string name, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return await db.Set<StaffSignInFailure>().AsNoTracking().AnyAsync(f => f.Name == Key(name) && f.LockedUntil > now, ct);
    }

    public async Task RecordFailureAsync(string name, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var key = Key(name);
        // One statement, so two instances counting the same burst both count (no lost update).
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"StaffSignInFailures\" (\"Name\", \"Failures\", \"WindowStartedAt\", \"LockedUntil\") VALUES ({0}, 1, {1}, NULL) " +
            "ON CONFLICT (\"Name\") DO UPDATE SET " +
            "\"Failures\" = CASE WHEN \"StaffSignInFailures\".\"WindowStartedAt\" < {2} THEN 1 ELSE \"StaffSignInFailures\".\"Failures\" + 1 END, " +
            "\"WindowStartedAt\" = CASE WHEN \"StaffSignInFailures\".\"WindowStartedAt\" < {2} THEN {1} ELSE \"StaffSignInFailures\".\"WindowStartedAt\" END",
            [key, now, now - Window], ct);
        await db.Database.ExecuteSqlRawAsync(
            "UPDATE \"StaffSignInFailures\" SET \"LockedUntil\" = {0}, \"Failures\" = 0 WHERE \"Name\" = {1} AND \"Failures\" >= {2}",
            [now + LockFor, key, MaxFailures], ct);
    }

    public Task ClearAsync(string name, CancellationToken ct) =>
        db.Set<StaffSignInFailure>().Where(f => f.Name == Key(name)).ExecuteDeleteAsync(ct);

    private static string Key(string name) => name.Trim().ToLowerInvariant();
}
