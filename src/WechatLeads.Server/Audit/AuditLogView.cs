using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Audit;

/// <summary>What <see cref="AuditLogPage"/> shows: the chain's state, the search as typed, a page of entries, the link to older ones.</summary>
/// <param name="ChainIntact">Whether the hash chain verified; <paramref name="ChainState"/> says how many, or where and why it broke.</param>
/// <param name="OlderBefore">The sequence to continue before, when there are older entries.</param>
/// <param name="SearchQuery">The search as a query string, for the link to older entries.</param>
public sealed record AuditLogView(
    bool ChainIntact, string ChainState, IReadOnlyList<AuditRow> Entries, long? OlderBefore, AuditSearchForm Search, string SearchQuery, string? Problem)
{
    public static readonly IReadOnlyList<SelectOption> Actions =
        [new("", "全部"), .. AuditActionNames.All.Select(a => new SelectOption(a.Key, a.Value))];
}

/// <summary>The search as typed: who, what, which days (Beijing time, yyyy-MM-dd), which record.</summary>
public sealed record AuditSearchForm(string? Actor, string? Action, string? FromDay, string? ToDay, string? Record);

/// <param name="At">Beijing time, to the minute.</param>
/// <param name="ActionName">The action in Chinese; <paramref name="Action"/> is the stored code.</param>
public sealed record AuditRow(
    long Sequence, string At, string Actor, string? Role, string? Method, string Action, string ActionName, string? Target, int RecordCount,
    string? Reason, string? Ip);
