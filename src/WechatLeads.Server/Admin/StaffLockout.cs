using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Security;

namespace WechatLeads.Server.Admin;

/// <summary>
/// Lock-out after repeated failures, counted in the database (every instance agrees) for every typed name,
/// existing or not — a lock that only real accounts could get would tell which names are real. Two
/// counters: the pair (name, address) locks after <see cref="MaxFailures"/>, which stops one guesser without
/// touching the account's owner elsewhere; the name as a whole only after <see cref="MaxNameFailures"/>
/// from many addresses (at 5 a locked pair, at least 10), and even then a browser that has signed in to that
/// account before (a signed "known device" cookie) is not held by it — so nobody can keep an account locked
/// out forever by failing on purpose.
/// </summary>
internal sealed class StaffLockout(LeadsDbContext db, Keyring keyring, TimeProvider time)
{
    public const int MaxFailures = 5;
    public const int MaxNameFailures = 50;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan LockFor = TimeSpan.FromMinutes(15);
    private readonly byte[] _key = keyring.Derive("staff-lockout-v1");

    /// <param name="knownDevice">The browser signed in to this account before: the name-wide lock does not hold it.</param>
    public async Task<bool> IsLockedAsync(string name, string? address, bool knownDevice, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var pair = PairKey(name, address);
        var whole = NameKey(name);
        // Both rows read every time, for real and unknown names alike: the same work whatever the answer.
        var locked = await db.Set<StaffSignInFailure>().AsNoTracking()
            .Where(f => (f.Name == pair || f.Name == whole) && f.LockedUntil > now).Select(f => f.Name).ToListAsync(ct);
        return locked.Contains(pair) || (!knownDevice && locked.Contains(whole));
    }

    public async Task RecordFailureAsync(string name, string? address, CancellationToken ct)
    {
        await CountAsync(PairKey(name, address), MaxFailures, ct);
        await CountAsync(NameKey(name), MaxNameFailures, ct);
        // A row per name tried: counts whose window and lock are both over are forgotten, so guessing
        // many names fills nothing up.
        var now = time.GetUtcNow().UtcDateTime;
        var stale = now - Window;
        await db.Set<StaffSignInFailure>().Where(f => f.WindowStartedAt < stale && (f.LockedUntil == null || f.LockedUntil < now)).ExecuteDeleteAsync(ct);
    }

    /// <summary>A successful sign-in clears its own pair; the name-wide count runs out with its window.</summary>
    public Task ClearAsync(string name, string? address, CancellationToken ct)
    {
        var pair = PairKey(name, address);
        return db.Set<StaffSignInFailure>().Where(f => f.Name == pair).ExecuteDeleteAsync(ct);
    }

    private async Task CountAsync(string key, int max, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // One statement, so two instances counting the same burst both count (no lost update).
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"StaffSignInFailures\" (\"Name\", \"Failures\", \"WindowStartedAt\", \"LockedUntil\") VALUES ({0}, 1, {1}, NULL) " +
            "ON CONFLICT (\"Name\") DO UPDATE SET " +
            "\"Failures\" = CASE WHEN \"StaffSignInFailures\".\"WindowStartedAt\" < {2} THEN 1 ELSE \"StaffSignInFailures\".\"Failures\" + 1 END, " +
            "\"WindowStartedAt\" = CASE WHEN \"StaffSignInFailures\".\"WindowStartedAt\" < {2} THEN {1} ELSE \"StaffSignInFailures\".\"WindowStartedAt\" END",
            [key, now, now - Window], ct);
        await db.Database.ExecuteSqlRawAsync(
            "UPDATE \"StaffSignInFailures\" SET \"LockedUntil\" = {0}, \"Failures\" = 0 WHERE \"Name\" = {1} AND \"Failures\" >= {2}",
            [now + LockFor, key, max], ct);
    }

    // Keyed hashes, not the typed text: a name that is no account may be a password typed in the wrong box,
    // and the table now has a row for every name tried.
    private string NameKey(string name) => Hash("name", StaffDirectory.Normalize(name));

    private string PairKey(string name, string? address) => Hash("pair", StaffDirectory.Normalize(name) + "\n" + (address ?? "unknown"));

    private string Hash(string kind, string value) =>
        kind + ":" + Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(value)))[..40];
}
