namespace WechatLeads.Server.Data;

/// <summary>
/// Each feature that keeps something about a person erases it here when they unfollow (or ask for
/// deletion). Implementations must be idempotent: the erase job may run more than once.
/// </summary>
internal interface IPersonalDataEraser
{
    Task EraseAsync(string openId, string subjectKey, DateTime asOf, CancellationToken cancellationToken);
}

/// <summary>
/// Erases what came from a person's phone number when they revoke WeChat's phone-number authorisation: their
/// leads and what hangs off them, the proof of the number, identifying details in the consent ledger. Idempotent.
/// </summary>
internal interface IPhoneDataEraser
{
    Task EraseAsync(string openId, string subjectKey, DateTime asOf, CancellationToken cancellationToken);
}
