using System.Collections.Concurrent;
using WechatLeads.Server.Participation;

namespace WechatLeads.Server.MiniProgram;

/// <summary>
/// Session tokens this instance has recently issued or found in the database, remembered for
/// <see cref="Freshness"/>: every mini-program request authenticates, and a remembered token costs no query.
/// A session ended by erasure on this instance is forgotten at once; on another instance it stays usable
/// for at most <see cref="Freshness"/>, the same bound as the access-token cache. Unknown tokens are never
/// remembered, so a made-up token always goes to the database and fails there.
/// </summary>
internal sealed class SessionTokenCache(TimeProvider time)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(30);

    // A rush of a few thousand people a second fits many times over; past this, stale entries go first.
    private const int MaxEntries = 200_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>What authentication needs of a session: never the session key.</summary>
    public sealed record VerifiedSession(string Id, string OpenId, string SubjectKey, DateTime ExpiresAt);

    private sealed record Entry(VerifiedSession Session, DateTime FoundAt);

    public VerifiedSession? Find(string tokenHash)
    {
        if (!_entries.TryGetValue(tokenHash, out var entry)) return null;
        if (IsFresh(entry, time.GetUtcNow().UtcDateTime)) return entry.Session;
        _entries.TryRemove(KeyValuePair.Create(tokenHash, entry));
        return null;
    }

    public void Remember(string tokenHash, VerifiedSession session)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_entries.Count >= MaxEntries) Trim(now);
        _entries[tokenHash] = new Entry(session, now);
    }

    /// <summary>The person's sessions were deleted (erasure): none of their tokens may authenticate from memory.</summary>
    public void ForgetOpenId(string openId)
    {
        foreach (var (hash, entry) in _entries)
            if (entry.Session.OpenId == openId) _entries.TryRemove(KeyValuePair.Create(hash, entry));
    }

    private void Trim(DateTime now)
    {
        foreach (var (hash, entry) in _entries)
            if (!IsFresh(entry, now)) _entries.TryRemove(KeyValuePair.Create(hash, entry));
        if (_entries.Count >= MaxEntries) _entries.Clear(); // all fresh: start over rather than grow without bound
    }

    private static bool IsFresh(Entry entry, DateTime now) => now - entry.FoundAt < Freshness && entry.Session.ExpiresAt > now;
}
