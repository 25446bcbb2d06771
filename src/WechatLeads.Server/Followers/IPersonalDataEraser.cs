namespace WechatLeads.Server.Followers;

/// <summary>
/// Each feature that keeps something about a person erases it here when they unfollow (or ask for
/// deletion). Implementations must be idempotent: the erase job may run more than once.
/// </summary>
public interface IPersonalDataEraser
{
    Task EraseAsync(string openId, string subjectKey, DateTime asOf, CancellationToken cancellationToken);
}
