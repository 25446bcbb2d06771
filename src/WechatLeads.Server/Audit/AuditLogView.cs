namespace WechatLeads.Server.Audit;

/// <summary>What <see cref="AuditLogPage"/> shows: the chain's state, a page of entries, the link to older ones.</summary>
/// <param name="ChainIntact">Whether the hash chain verified; <paramref name="ChainState"/> says how many, or where and why it broke.</param>
/// <param name="OlderBefore">The sequence to continue before, when there are older entries.</param>
public sealed record AuditLogView(bool ChainIntact, string ChainState, IReadOnlyList<AuditRow> Entries, long? OlderBefore);

/// <param name="At">Beijing time, to the minute.</param>
public sealed record AuditRow(
    long Sequence, string At, string Actor, string? Role, string? Method, string Action, string? Target, int RecordCount, string? Reason, string? Ip);
