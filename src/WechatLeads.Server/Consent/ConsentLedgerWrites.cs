using WechatLeads.Server.Data;

namespace WechatLeads.Server.Consent;

/// <summary>
/// The one way rows enter the consent ledger, whoever records a grant or a withdrawal: inside the
/// group-commit writer's transaction (participation, opt-out, a new marketing consent) as one multi-row
/// statement, or through EF with the caller's other changes (jobs, the SMS TD reply, prize delivery).
/// </summary>
internal static class ConsentLedgerWrites
{
    private static readonly MultiRowStatement AppendEvents = new(
        "INSERT INTO \"ConsentEvents\" (\"SubjectKey\", \"OpenId\", \"Purpose\", \"Action\", \"Scope\", \"PolicyVersion\", \"PolicyHash\", " +
        "\"Channel\", \"Source\", \"Ip\", \"UserAgent\", \"OccurredAt\") VALUES", 12);

    /// <summary>Appends <paramref name="events"/> in the writer's transaction: committed with the rest of the batch, or not at all.</summary>
    public static void Append(WriteBatch batch, IEnumerable<ConsentEvent> events) =>
        batch.Defer(AppendEvents, [.. events.Select(e => new object?[]
        {
            e.SubjectKey, e.OpenId, e.Purpose, e.Action, e.Scope, e.PolicyVersion, e.PolicyHash,
            e.Channel, e.Source, e.Ip, e.UserAgent, e.OccurredAt,
        })]);

    /// <summary>Adds <paramref name="events"/> to <paramref name="db"/>: written by the caller's <c>SaveChanges</c>, in its transaction.</summary>
    public static void Record(LeadsDbContext db, IEnumerable<ConsentEvent> events) => db.AddRange(events);
}
