using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Consent;

/// <summary>Reads of the append-only ledger: history, and current state derived from it.</summary>
internal sealed class ConsentLedger(LeadsDbContext db)
{
    public Task<List<ConsentEvent>> HistoryAsync(string subjectKey, CancellationToken cancellationToken) =>
        db.Set<ConsentEvent>().AsNoTracking().Where(e => e.SubjectKey == subjectKey)
            .OrderBy(e => e.Id).ToListAsync(cancellationToken);

    /// <summary>Scopes (campaign slugs) where the person's latest word on <paramref name="purpose"/> is a grant.</summary>
    public async Task<List<string>> GrantedScopesAsync(string subjectKey, string purpose, CancellationToken cancellationToken) =>
        (await GrantedScopesAsync([subjectKey], purpose, cancellationToken)).GetValueOrDefault(subjectKey) ?? [];

    /// <summary><see cref="GrantedScopesAsync(string, string, CancellationToken)"/> for many people in one query.</summary>
    public async Task<Dictionary<string, List<string>>> GrantedScopesAsync(
        IReadOnlyList<string> subjectKeys,
        string purpose,
        CancellationToken cancellationToken) =>
        (await GrantsInForceAsync(subjectKeys, purpose, cancellationToken))
            .ToDictionary(kv => kv.Key, kv => kv.Value.Select(g => g.Scope).ToList(), StringComparer.Ordinal);

    /// <summary>Per person, the scopes whose latest word is a grant, with when that grant was made.</summary>
    public async Task<Dictionary<string, List<(string Scope, DateTime GrantedAt)>>> GrantsInForceAsync(
        IReadOnlyList<string> subjectKeys, string purpose, CancellationToken cancellationToken)
    {
        var events = await db.Set<ConsentEvent>().AsNoTracking()
            .Where(e => subjectKeys.Contains(e.SubjectKey) && e.Purpose == purpose)
            // In the order they happened (see ConsentOrder): an opt-out's per-campaign withdrawals are stored after it.
            .OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).Select(e => new { e.SubjectKey, e.Scope, e.Action, e.OccurredAt }).ToListAsync(cancellationToken);
        var latest = new Dictionary<(string Subject, string Scope), (string Action, DateTime At)>();
        foreach (var e in events) latest[(e.SubjectKey, e.Scope)] = (e.Action, e.OccurredAt);
        return latest.Where(kv => kv.Value.Action == ConsentActions.Granted && kv.Key.Scope != ConsentScopes.AllCampaigns)
            .GroupBy(kv => kv.Key.Subject, kv => (kv.Key.Scope, kv.Value.At), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
    }
}
