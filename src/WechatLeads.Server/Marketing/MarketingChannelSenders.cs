using System.Text.Json;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Sms;
using WechatLeads.Server.WechatApi;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Server.Marketing;

/// <summary>The person a message goes to, resolved just before sending.</summary>
internal sealed record Recipient(string DeliveryKey, string? OfficialAccountOpenId, string PhoneCipher);

/// <summary>How a message ended: sent, or skipped/failed with one of <see cref="SkipReasons"/>.</summary>
internal sealed record ChannelOutcome(string Status, string? Reason = null)
{
    public static readonly ChannelOutcome Sent = new(MarketingDeliveryStatus.Sent);

    /// <summary>The provider definitely did not send and asks to wait (quota, busy): the person goes back to pending.</summary>
    public static readonly ChannelOutcome RetryLater = new("retry-later");
}

/// <summary>One way a marketing message can leave: SMS, a WeChat template message, a customer-service message.</summary>
internal interface IMarketingChannel
{
    string Name { get; }

    /// <summary>True when repeating an interrupted call is safe (the provider de-duplicates by <see cref="Recipient.DeliveryKey"/>).</summary>
    bool Idempotent { get; }

    Task<ChannelOutcome> SendAsync(MarketingSend send, Recipient to, CancellationToken ct);
}

/// <summary>
/// SMS through the configured gateway. Not idempotent with a real provider (neither de-duplicates): a message
/// whose call timed out or broke is recorded unknown, never repeated. A provider that is down before anything
/// left puts the person back to pending and pauses the send; a refusal or a frequency limit is a failure with
/// the provider's code.
/// </summary>
internal sealed class SmsChannel(ISmsSender sms, PhoneProtector phones) : IMarketingChannel
{
    public string Name => MarketingChannels.Sms;
    public bool Idempotent => sms.Idempotent;

    public async Task<ChannelOutcome> SendAsync(MarketingSend send, Recipient to, CancellationToken ct)
    {
        try
        {
            var result = await sms.SendAsync(
                new SmsMessage(to.DeliveryKey, phones.Decrypt(to.PhoneCipher), SmsPurposes.Marketing, [new("content", send.Text)], send.Text),
                ct);
            return result.Accepted ? ChannelOutcome.Sent : new ChannelOutcome(MarketingDeliveryStatus.Failed, ProviderReason(result.Reason));
        }
        catch (SmsUnavailableException e) when (e.MayHaveBeenSent)
        {
            return new ChannelOutcome(MarketingDeliveryStatus.Unknown, ProviderReason(e.Code));
        }
        catch (SmsUnavailableException e) when (e.RateLimited)
        {
            // Mostly a per-number limit (this person had messages recently): pausing the whole send would not help.
            return new ChannelOutcome(MarketingDeliveryStatus.Failed, ProviderReason(e.Code));
        }
        catch (SmsUnavailableException)
        {
            return ChannelOutcome.RetryLater; // nothing went out: the person is tried again after the pause
        }
    }

    /// <summary>"provider_error" and the provider's code (the send's page counts failures by reason).</summary>
    private static string ProviderReason(string? code)
    {
        if (string.IsNullOrEmpty(code)) return SkipReasons.ProviderError;
        var colon = code.IndexOf(':');
        var reason = SkipReasons.ProviderError + ":" + (colon > 0 ? code[..colon] : code);
        return reason.Length <= 64 ? reason : reason[..64];
    }
}

internal sealed class TemplateChannel([FromKeyedServices(WechatClientKeys.OfficialAccount)] WechatApiClient wechat) : IMarketingChannel
{
    public string Name => MarketingChannels.WechatTemplate;
    public bool Idempotent => false;

    public async Task<ChannelOutcome> SendAsync(MarketingSend send, Recipient to, CancellationToken ct)
    {
        var data = JsonSerializer.Deserialize<Dictionary<string, string>>(send.TemplateData ?? "{}") ?? [];
        var request = new CgibinMessageTemplateSendRequest
        {
            ToUser = to.OfficialAccountOpenId!,
            TemplateId = send.TemplateId!,
            Data = data.ToDictionary(d => d.Key, d => new CgibinMessageTemplateSendRequest.DataItem { Value = d.Value }),
        };
        try
        {
            await wechat.ExecuteCgibinMessageTemplateSendAsync(request, ct);
            return ChannelOutcome.Sent;
        }
        catch (WechatApiException e) { return WechatRefusal.Outcome(e); }
    }
}

/// <summary>
/// A customer-service message: only inside the follower's window (<see cref="Messaging.ServiceWindow"/>), taken
/// before the call; outside it the person is skipped without asking WeChat, as WeChat would refuse (45015/45047).
/// </summary>
internal sealed class CustomerServiceChannel(
    [FromKeyedServices(WechatClientKeys.OfficialAccount)] WechatApiClient wechat, Messaging.ServiceWindowGate window) : IMarketingChannel
{
    public string Name => MarketingChannels.WechatCustomerService;
    public bool Idempotent => false;

    public async Task<ChannelOutcome> SendAsync(MarketingSend send, Recipient to, CancellationToken ct)
    {
        if (!await window.TryTakeAsync(to.OfficialAccountOpenId!, ct)) return new(MarketingDeliveryStatus.Skipped, SkipReasons.OutsideServiceWindow);
        try
        {
            await wechat.ExecuteCgibinMessageCustomSendAsync(CgibinMessageCustomSendRequest.Text(to.OfficialAccountOpenId!, send.Text), ct);
            return ChannelOutcome.Sent;
        }
        catch (WechatApiException e) { return WechatRefusal.Outcome(e); }
    }
}

/// <summary>
/// What WeChat's answer means for one message: its own limits are skip reasons (not following: 43004;
/// outside the 48-hour window: 45015/45047); quota and "busy" mean wait and try this person again; any other
/// error is a definite failure of this message. Only a transport error — the request may have arrived — is
/// rethrown, leaving the message "sending" (never repeated: it becomes unknown).
/// </summary>
internal static class WechatRefusal
{
    public static ChannelOutcome Outcome(WechatApiException e) => e.ErrorCode switch
    {
        WechatErrorCodes.UserNotFollowing or WechatErrorCodes.InvalidOpenId => new(MarketingDeliveryStatus.Skipped, SkipReasons.NotFollowing),
        WechatErrorCodes.ReplyWindowPassed or WechatErrorCodes.ReplyCountExceeded => new(MarketingDeliveryStatus.Skipped, SkipReasons.OutsideServiceWindow),
        _ when WechatErrorCodes.IsBusyOrOverQuota(e.ErrorCode) => ChannelOutcome.RetryLater,
        _ when WechatErrorCodes.IsAccessTokenInvalid(e.ErrorCode) => ChannelOutcome.RetryLater,
        WechatErrorCodes.Transport => throw e,
        _ => new(MarketingDeliveryStatus.Failed, SkipReasons.ProviderError),
    };
}
