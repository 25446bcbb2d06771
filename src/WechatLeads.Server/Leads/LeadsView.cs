using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Leads;

/// <summary>What <see cref="LeadsPage"/> shows: the filter as given, its problem if it was refused, and one page of leads (phones masked).</summary>
/// <param name="FilterQuery">The filter as a query string (no paging, no typed phone number), for the export links and the pager.</param>
/// <param name="Compliance">The viewer may reveal a number (with a reason, audited); others never see the form.</param>
/// <param name="Choices">The drop-downs' options: campaigns, sources and stores as they exist.</param>
public sealed record LeadsView(
    LeadFilterForm Filter, string? Problem, IReadOnlyList<LeadListRow> Rows, bool Compliance, string FilterQuery, LeadChoices Choices,
    int Page, int Pages, long Total)
{
    public const int PageSize = 50;

    public string Query(string extra) => FilterQuery.Length > 0 ? $"{FilterQuery}&{extra}" : extra;

    /// <summary>The link to a page of this same search.</summary>
    public string PageHref(int page) => "/admin/leads?" + Query("page=" + page);
}

/// <summary>The lead filter's fields as typed (days in Beijing time, yyyy-MM-dd). The phone is never echoed back.</summary>
public sealed record LeadFilterForm(
    string? Campaign, string? Source, string? Store, string? Channel, string? Consent, string? FromDay, string? ToDay, string? Proven);

/// <summary>Options of the lead filter's drop-downs; each list starts with 全部.</summary>
public sealed record LeadChoices(IReadOnlyList<SelectOption> Campaigns, IReadOnlyList<SelectOption> Sources, IReadOnlyList<SelectOption> Stores);

public sealed record LeadListRow(
    string Id,
    DateTime CreatedAt,
    string Campaign,
    string MaskedPhone,
    string Channel,
    string? Source,
    string? Store,
    bool MarketingConsent,
    bool PhoneProven);
