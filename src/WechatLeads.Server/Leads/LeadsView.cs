namespace WechatLeads.Server.Leads;

/// <summary>What <see cref="LeadsPage"/> shows: the filter as given, its problem if it was refused, and one page of leads (phones masked).</summary>
/// <param name="FilterQuery">The filter as a query string (no paging), for the export links and the next page.</param>
/// <param name="NextAfter">The id the next page starts after; null on the last page.</param>
/// <param name="Compliance">The viewer may reveal a number (with a reason, audited); others never see the form.</param>
public sealed record LeadsView(LeadFilterForm Filter, string? Problem, IReadOnlyList<LeadListRow> Rows, bool Compliance, string FilterQuery, string? NextAfter)
{
    public string Query(string extra) => FilterQuery.Length > 0 ? $"{FilterQuery}&{extra}" : extra;
}

/// <summary>The lead filter's fields as typed (days in Beijing time, yyyy-MM-dd).</summary>
public sealed record LeadFilterForm(string? Campaign, string? Source, string? Store, string? Channel, string? Consent, string? FromDay, string? ToDay);

public sealed record LeadListRow(
    string Id,
    DateTime CreatedAt,
    string Campaign,
    string MaskedPhone,
    string Channel,
    string? Source,
    string? Store,
    bool MarketingConsent);
