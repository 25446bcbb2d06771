using System.Globalization;

namespace WechatLeads.Wechat.Messages;

/// <summary>A push from WeChat, decrypted and parsed. <see cref="Fields"/> keeps every top-level element.</summary>
public abstract record InboundMessage
{
    public required string ToUserName { get; init; }
    public required string FromUserName { get; init; }
    public long CreateTime { get; init; }
    public required string MsgType { get; init; }
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    /// <summary>The <c>&lt;List&gt;</c> items of a container element (a subscribe event's templates); empty for most pushes.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Items { get; init; } = [];

    /// <summary>The key WeChat's retries share: AppId + MsgId for messages; AppId + sender + time + event + key for events.</summary>
    public abstract string DeduplicationKey(string appId);

    protected string Field(string name) => Fields.TryGetValue(name, out var v) ? v : "";
}

/// <summary>A user message (it carries a MsgId).</summary>
public abstract record UserMessage : InboundMessage
{
    public string MsgId => Field("MsgId");

    public override string DeduplicationKey(string appId) =>
        string.IsNullOrEmpty(MsgId) ? $"{appId}|m|{FromUserName}|{CreateTime.ToString(CultureInfo.InvariantCulture)}|{MsgType}" : $"{appId}|m|{MsgId}";
}

public sealed record TextMessage : UserMessage
{
    public string Content => Field("Content");
}

public sealed record ImageMessage : UserMessage
{
    public string PicUrl => Field("PicUrl");
    public string MediaId => Field("MediaId");
}

public sealed record VoiceMessage : UserMessage
{
    public string MediaId => Field("MediaId");
    public string Format => Field("Format");
    public string? Recognition => Fields.TryGetValue("Recognition", out var r) ? r : null;
}

/// <summary>MsgType <c>video</c> or <c>shortvideo</c>.</summary>
public sealed record VideoMessage : UserMessage
{
    public string MediaId => Field("MediaId");
    public string ThumbMediaId => Field("ThumbMediaId");
}

public sealed record LocationMessage : UserMessage
{
    public double LocationX => double.TryParse(Field("Location_X"), NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : 0;
    public double LocationY => double.TryParse(Field("Location_Y"), NumberStyles.Float, CultureInfo.InvariantCulture, out var y) ? y : 0;
    public int Scale => int.TryParse(Field("Scale"), CultureInfo.InvariantCulture, out var s) ? s : 0;
    public string Label => Field("Label");
}

public sealed record LinkMessage : UserMessage
{
    public string Title => Field("Title");
    public string Description => Field("Description");
    public string Url => Field("Url");
}

public sealed record UnknownMessage : UserMessage;

/// <summary>An event push (MsgType <c>event</c>).</summary>
public abstract record EventMessage : InboundMessage
{
    public string Event => Field("Event");
    public string EventKey => Field("EventKey");

    public override string DeduplicationKey(string appId) =>
        $"{appId}|e|{FromUserName}|{CreateTime.ToString(CultureInfo.InvariantCulture)}|{Event}|{EventKey}";
}

/// <summary>A follow. From a parametric QR code it carries <c>EventKey=qrscene_…</c> and a Ticket.</summary>
public sealed record SubscribeEvent : EventMessage
{
    public string? Ticket => Fields.TryGetValue("Ticket", out var t) ? t : null;
    public string? Scene => EventKey.StartsWith("qrscene_", StringComparison.Ordinal) ? EventKey["qrscene_".Length..] : null;
}

public sealed record UnsubscribeEvent : EventMessage;

/// <summary>A follower scanned a parametric QR code; EventKey is the scene.</summary>
public sealed record ScanEvent : EventMessage
{
    public string? Ticket => Fields.TryGetValue("Ticket", out var t) ? t : null;
}

public sealed record ClickEvent : EventMessage;

/// <summary>A view (link) menu button; EventKey is the URL.</summary>
public sealed record ViewEvent : EventMessage
{
    public string? MenuId => Fields.TryGetValue("MenuId", out var m) ? m : null;
}

public sealed record TemplateSendJobFinishEvent : EventMessage
{
    public string MsgId => Field("MsgID") is { Length: > 0 } id ? id : Field("MsgId");
    public string Status => Field("Status");
}

/// <summary>
/// 授权用户信息变更: <c>user_authorization_revoke</c>, <c>user_authorization_cancellation</c> or
/// <c>user_info_modified</c>, pushed for mini-programs and for service-account H5 authorisation. The person is
/// <see cref="OpenId"/>; FromUserName is WeChat's push service, the same for everyone.
/// </summary>
public sealed record AuthorizationChangeEvent : EventMessage
{
    public const string Revoke = "user_authorization_revoke";
    public const string Cancellation = "user_authorization_cancellation";
    public const string Modified = "user_info_modified";

    public string OpenId => Field("OpenID");
    public string AppId => Field("AppID");
    public string RevokeInfo => Field("RevokeInfo");

    /// <summary>The revoked items (<see cref="RevokedItems"/> codes); WeChat sends one, a list is read as well.</summary>
    public IReadOnlyList<int> Revoked => RevokeInfo.Split([',', ' ', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : -1).Where(c => c >= 0).ToList();

    /// <summary>Per person: pushes for two people in the same second differ only in OpenID.</summary>
    public override string DeduplicationKey(string appId) =>
        $"{appId}|a|{OpenId}|{CreateTime.ToString(CultureInfo.InvariantCulture)}|{Event}|{RevokeInfo}";
}

/// <summary>What <see cref="AuthorizationChangeEvent.RevokeInfo"/> codes mean (the ones this backend acts on or names).</summary>
public static class RevokedItems
{
    /// <summary>Mini-program: the phone number (getPhoneNumber).</summary>
    public const int MiniProgramPhone = 8;
    /// <summary>Mini-program: the address (wx.chooseAddress).</summary>
    public const int MiniProgramAddress = 2;
    /// <summary>Mini-program: nickname and avatar.</summary>
    public const int MiniProgramProfile = 6;
    /// <summary>Service-account H5: the address.</summary>
    public const int H5Address = 201;
    /// <summary>Service-account H5: nickname and avatar.</summary>
    public const int H5Profile = 205;
}

/// <summary>
/// 订阅消息 events: <c>subscribe_msg_popup_event</c> (the person answered the popup), <c>subscribe_msg_change_event</c>
/// (they turned a template off in settings) and <c>subscribe_msg_sent_event</c> (the outcome of a send). Each
/// carries one <see cref="InboundMessage.Items"/> entry per template.
/// </summary>
public sealed record SubscribeMessageEvent : EventMessage
{
    public const string Popup = "subscribe_msg_popup_event";
    public const string Change = "subscribe_msg_change_event";
    public const string Sent = "subscribe_msg_sent_event";

    /// <summary>Per template: TemplateId and SubscribeStatusString (accept, reject, ban…), or MsgID and ErrorCode for a sent event.</summary>
    public IEnumerable<(string TemplateId, string Status, string MsgId, string ErrorCode)> Templates => Items.Select(i => (
        i.GetValueOrDefault("TemplateId") ?? "", i.GetValueOrDefault("SubscribeStatusString") ?? i.GetValueOrDefault("ErrorStatus") ?? "",
        i.GetValueOrDefault("MsgID") ?? "", i.GetValueOrDefault("ErrorCode") ?? ""));

    /// <summary>Two answers in the same second differ in their templates and statuses.</summary>
    public override string DeduplicationKey(string appId) =>
        base.DeduplicationKey(appId) + "|" + string.Join(",", Templates.Select(t => $"{t.TemplateId}:{t.Status}:{t.MsgId}"));
}

public sealed record UnknownEvent : EventMessage;

/// <summary>The push is not well-formed XML, has a DTD, or lacks a required element.</summary>
public sealed class WechatMessageFormatException(string message, Exception? inner = null) : Exception(message, inner);
