using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Fulfilment;

/// <summary>What <see cref="FulfilmentsPage"/> shows: the filter as given, and the newest matching fulfilments (recipients masked).</summary>
public sealed record FulfilmentsView(string? Campaign, string? State, IReadOnlyList<SelectOption> States, IReadOnlyList<FulfilmentRow> Rows);

/// <param name="Recipient">Delivery: the masked name, phone and address ("张** 138****0000 上海市…"); pickup: the store and the short code.</param>
/// <param name="HasAddress">An address is on file, so the audited reveal is offered.</param>
public sealed record FulfilmentRow(
    string Id, DateTime CreatedAt, string Campaign, string Prize, string State, string StateText, bool Pickup, string? Recipient,
    string? Carrier, string? TrackingNumber, bool HasAddress);
