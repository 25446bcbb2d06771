using WechatLeads.Server.Data;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Messaging;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Security;
using WechatLeads.Server.WechatApi;
using WechatLeads.Wechat.Api;
using WechatLeads.Wechat.Messages;

namespace WechatLeads.Server.AuthorizationChanges;

/// <summary>
/// 授权用户信息变更 on either push URL. Like every handler it only returns writes: the change's row and, when
/// something must be erased, an outbox row for <see cref="ApplyAuthorizationChange"/> — committed with the push's
/// de-duplication receipt, so a retried push changes nothing twice and an acknowledged one is never lost.
/// </summary>
internal sealed class AuthorizationChangeHandler(
    WechatAccount officialAccount, [FromKeyedServices(WechatClientKeys.MiniProgram)] WechatApiClient miniProgram, SubjectHasher hasher,
    ILogger<AuthorizationChangeHandler> logger) : IWechatMessageHandler
{
    public ValueTask<HandlerResult?> HandleAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        if (message is not AuthorizationChangeEvent change) return ValueTask.FromResult<HandlerResult?>(null);
        var source = change.AppId == miniProgram.Options.AppId ? Sources.MiniProgram : change.AppId == officialAccount.AppId ? Sources.OfficialAccount : null;
        if (source is null || !LooksLikeOpenId(change.OpenId))
        {
            // Signed with our Token, so not forged; but not about our apps or without a person: nothing to act on.
            logger.LogWarning("Ignored a {Event} push that names another app or no valid OpenID", change.Event);
            return ValueTask.FromResult<HandlerResult?>(HandlerResult.Nothing);
        }

        var kind = KindOf(change);
        var row = new AuthorizationChange
        {
            Id = Ids.New(),
            Kind = kind,
            Source = source,
            SubjectKey = hasher.HashOpenId(change.OpenId),
            RevokeInfo = change.RevokeInfo is { Length: > 0 and <= 64 } info ? info : null,
        };
        var needsErasure = kind is AuthorizationChangeKinds.PhoneRevoked or AuthorizationChangeKinds.AccountCancelled;
        logger.LogInformation("WeChat authorisation change {Kind} from the {Source}; erasure {Queued}", kind, source, needsErasure ? "queued" : "not needed");
        return ValueTask.FromResult<HandlerResult?>(HandlerResult.Persist(new RecordAuthorizationChange(row, needsErasure ? change.OpenId : null)));
    }

    /// <summary>
    /// What a change asks of us. Only the phone number matters among revoked items: the address a winner gives is
    /// typed on our own page (never WeChat's address picker), and we take no nickname, avatar, location or media.
    /// A profile change (WeChat cleaned a risky nickname or avatar) needs nothing either: nothing from the profile
    /// (sns/userinfo, user/info) is stored, so nothing can be stale.
    /// </summary>
    public static string KindOf(AuthorizationChangeEvent change) => change.Event.ToLowerInvariant() switch
    {
        AuthorizationChangeEvent.Cancellation => AuthorizationChangeKinds.AccountCancelled,
        AuthorizationChangeEvent.Revoke when change.Revoked.Contains(RevokedItems.MiniProgramPhone) => AuthorizationChangeKinds.PhoneRevoked,
        AuthorizationChangeEvent.Revoke => AuthorizationChangeKinds.OtherRevoked,
        _ => AuthorizationChangeKinds.ProfileModified,
    };

    private static bool LooksLikeOpenId(string value) =>
        value.Length is >= 6 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static class Sources
    {
        public const string MiniProgram = "miniprogram";
        public const string OfficialAccount = "officialaccount";
    }
}

/// <summary>The change's row, and the erasure job's outbox row when there is something to erase.</summary>
internal sealed class RecordAuthorizationChange(AuthorizationChange change, string? eraseOpenId) : IDurableWrite
{
    public async Task ApplyAsync(WriteBatch batch, CancellationToken cancellationToken)
    {
        await batch.ExecuteAsync(AuthorizationChange.Insert, new
        {
            change.Id,
            change.Kind,
            change.Source,
            change.SubjectKey,
            change.RevokeInfo,
            ReceivedAt = batch.Now,
            AppliedAt = eraseOpenId is null ? batch.Now : (DateTime?)null,
        }, cancellationToken);
        if (eraseOpenId is not null)
            await new OutboxWrite(ApplyAuthorizationChange.Kind, new ApplyAuthorizationChange.Payload(change.Id, eraseOpenId, change.Kind))
                .ApplyAsync(batch, cancellationToken);
    }
}
