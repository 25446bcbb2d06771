using System.Globalization;
using System.Text;

namespace WechatLeads.Wechat.Messages;

/// <summary>Builds pushes the way WeChat's servers send them — for the sandbox simulator and for tests.</summary>
public static class InboundMessageWriter
{
    public static string Text(string toUser, string fromUser, long createTime, string content, string msgId)
    {
        var xml = Start(toUser, fromUser, createTime, "text");
        ReplyXmlWriter.Cdata(xml, "Content", content);
        ReplyXmlWriter.Plain(xml, "MsgId", msgId);
        return xml.Append("</xml>").ToString();
    }

    public static string Event(string toUser, string fromUser, long createTime, string @event, string? eventKey = null, string? ticket = null)
    {
        var xml = Start(toUser, fromUser, createTime, "event");
        ReplyXmlWriter.Cdata(xml, "Event", @event);
        if (eventKey is not null) ReplyXmlWriter.Cdata(xml, "EventKey", eventKey);
        if (ticket is not null) ReplyXmlWriter.Cdata(xml, "Ticket", ticket);
        return xml.Append("</xml>").ToString();
    }

    /// <summary>
    /// An authorisation change as WeChat sends it: FromUserName is the platform's push service, the person is
    /// OpenID, the app AppID; RevokeInfo only on a revoke.
    /// </summary>
    public static string AuthorizationChange(string toUser, long createTime, string @event, string openId, string appId, string? revokeInfo = null)
    {
        var xml = Start(toUser, PushServiceUserName, createTime, "event");
        ReplyXmlWriter.Cdata(xml, "Event", @event);
        ReplyXmlWriter.Cdata(xml, "OpenID", openId);
        ReplyXmlWriter.Cdata(xml, "AppID", appId);
        if (revokeInfo is not null) ReplyXmlWriter.Cdata(xml, "RevokeInfo", revokeInfo);
        return xml.Append("</xml>").ToString();
    }

    /// <summary>
    /// A 订阅消息 event: one List item per template under <paramref name="container"/> (SubscribeMsgPopupEvent,
    /// SubscribeMsgChangeEvent or SubscribeMsgSentEvent), each item's elements in order.
    /// </summary>
    public static string SubscribeEvent(string toUser, string fromUser, long createTime, string @event, string container,
        IEnumerable<IReadOnlyList<(string Name, string Value)>> items)
    {
        var xml = Start(toUser, fromUser, createTime, "event");
        ReplyXmlWriter.Cdata(xml, "Event", @event);
        xml.Append('<').Append(container).Append('>');
        foreach (var item in items)
        {
            xml.Append("<List>");
            foreach (var (name, value) in item) ReplyXmlWriter.Cdata(xml, name, value);
            xml.Append("</List>");
        }
        xml.Append("</").Append(container).Append('>');
        return xml.Append("</xml>").ToString();
    }

    /// <summary>The sender WeChat's documentation shows for platform pushes; any value works, nothing reads it.</summary>
    public const string PushServiceUserName = "o_platform_push_service";

    public static string EncryptedEnvelope(string toUser, string encrypt)
    {
        var xml = new StringBuilder(encrypt.Length + 100).Append("<xml>");
        ReplyXmlWriter.Cdata(xml, "ToUserName", toUser);
        ReplyXmlWriter.Cdata(xml, "Encrypt", encrypt);
        return xml.Append("</xml>").ToString();
    }

    private static StringBuilder Start(string toUser, string fromUser, long createTime, string msgType)
    {
        var xml = new StringBuilder(300).Append("<xml>");
        ReplyXmlWriter.Cdata(xml, "ToUserName", toUser);
        ReplyXmlWriter.Cdata(xml, "FromUserName", fromUser);
        ReplyXmlWriter.Plain(xml, "CreateTime", createTime.ToString(CultureInfo.InvariantCulture));
        ReplyXmlWriter.Cdata(xml, "MsgType", msgType);
        return xml;
    }
}
