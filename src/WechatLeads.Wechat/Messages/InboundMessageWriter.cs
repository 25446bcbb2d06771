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
