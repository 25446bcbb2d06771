namespace WechatLeads.Server.Sms;

/// <summary>
/// Acts on a reply (上行) a person sent to our SMS number: marketing answers 回复TD退订 here. Sms receives and
/// de-duplicates the push; what a reply means belongs to the feature that asked for it.
/// </summary>
internal interface ISmsReplyHandler
{
    /// <param name="replay">The provider and the reply's id, recorded with its effect so a repeated push acts once.</param>
    /// <returns>False when the reply means nothing to the handler (it is ignored).</returns>
    Task<bool> HandleAsync(string phone, string text, SmsReplyKey? replay, CancellationToken ct);
}

/// <summary>A provider's reply, as recorded in <c>SmsCallbackReceipts</c>.</summary>
internal readonly record struct SmsReplyKey(string Provider, string Key);

/// <summary>
/// Carries a delivery receipt (回执) onward to the feature that sent the message, inside the receipt's transaction:
/// called for every receipt that matched one of our messages, whatever its purpose (a sink ignores the others).
/// </summary>
internal interface ISmsReceiptSink
{
    Task ApplyAsync(Data.LeadsDbContext db, SmsDelivery delivery, bool delivered, string? reason, DateTime now, CancellationToken ct);
}
