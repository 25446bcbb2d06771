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

public sealed record UnknownEvent : EventMessage;

/// <summary>The push is not well-formed XML, has a DTD, or lacks a required element.</summary>
public sealed class WechatMessageFormatException(string message, Exception? inner = null) : Exception(message, inner);
