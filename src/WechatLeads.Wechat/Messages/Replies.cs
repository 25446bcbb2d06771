using System.Globalization;
using System.Text;
using WechatLeads.Wechat.Crypto;

namespace WechatLeads.Wechat.Messages;

/// <summary>A passive reply: the answer to a push, inside WeChat's 5-second window.</summary>
public abstract record ReplyMessage;

public sealed record TextReply(string Content) : ReplyMessage;

public sealed record NewsReply(IReadOnlyList<NewsArticle> Articles) : ReplyMessage;

public sealed record NewsArticle(string Title, string Description, string PicUrl, string Url);

/// <summary>Writes passive replies as WeChat expects them, CDATA-safe.</summary>
public static class ReplyXmlWriter
{
    public static string Write(ReplyMessage reply, string toUser, string fromUser, long createTime)
    {
        var xml = new StringBuilder(256).Append("<xml>");
        Cdata(xml, "ToUserName", toUser);
        Cdata(xml, "FromUserName", fromUser);
        xml.Append("<CreateTime>").Append(createTime.ToString(CultureInfo.InvariantCulture)).Append("</CreateTime>");
        switch (reply)
        {
            case TextReply text:
                Cdata(xml, "MsgType", "text");
                Cdata(xml, "Content", text.Content);
                break;
            case NewsReply news:
                Cdata(xml, "MsgType", "news");
                xml.Append("<ArticleCount>").Append(news.Articles.Count.ToString(CultureInfo.InvariantCulture)).Append("</ArticleCount><Articles>");
                foreach (var a in news.Articles)
                {
                    xml.Append("<item>");
                    Cdata(xml, "Title", a.Title);
                    Cdata(xml, "Description", a.Description);
                    Cdata(xml, "PicUrl", a.PicUrl);
                    Cdata(xml, "Url", a.Url);
                    xml.Append("</item>");
                }
                xml.Append("</Articles>");
                break;
            default:
                throw new ArgumentException($"Unsupported reply {reply.GetType().Name}.", nameof(reply));
        }
        return xml.Append("</xml>").ToString();
    }

    /// <summary>Appends &lt;name&gt;&lt;![CDATA[value]]&gt;; a "]]&gt;" inside the value is split across two sections.</summary>
    internal static void Cdata(StringBuilder xml, string name, string value) =>
        xml.Append('<').Append(name).Append("><![CDATA[")
            .Append(value.Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal))
            .Append("]]></").Append(name).Append('>');
}

/// <summary>The safe-mode reply envelope: Encrypt, a fresh MsgSignature, TimeStamp and Nonce.</summary>
public static class EncryptedReplyWriter
{
    public static string Write(WechatMessageCrypto crypto, string token, string plaintextXml, string timestamp, string nonce)
    {
        var encrypt = crypto.Encrypt(plaintextXml);
        var signature = WechatSignature.Compute(token, timestamp, nonce, encrypt);
        var xml = new StringBuilder(encrypt.Length + 200).Append("<xml>");
        ReplyXmlWriter.Cdata(xml, "Encrypt", encrypt);
        ReplyXmlWriter.Cdata(xml, "MsgSignature", signature);
        xml.Append("<TimeStamp>").Append(timestamp).Append("</TimeStamp>");
        ReplyXmlWriter.Cdata(xml, "Nonce", nonce);
        return xml.Append("</xml>").ToString();
    }
}

/// <summary>Reads a passive reply back (for the sandbox and tests). Null for "success" or an empty body.</summary>
public static class ReplyParser
{
    public static ReplyMessage? Parse(string xml)
    {
        if (string.IsNullOrWhiteSpace(xml) || xml.Trim() == "success") return null;
        var doc = System.Xml.Linq.XDocument.Parse(xml, System.Xml.Linq.LoadOptions.None).Root!;
        return (string?)doc.Element("MsgType") switch
        {
            "text" => new TextReply((string?)doc.Element("Content") ?? ""),
            "news" => new NewsReply(doc.Element("Articles")?.Elements("item").Select(i => new NewsArticle(
                (string?)i.Element("Title") ?? "", (string?)i.Element("Description") ?? "", (string?)i.Element("PicUrl") ?? "", (string?)i.Element("Url") ?? "")).ToList() ?? []),
            _ => null,
        };
    }
}

/// <summary>Builds pushes the way WeChat's servers send them — for the sandbox simulator and for tests.</summary>
public static class InboundMessageWriter
{
    public static string Text(string toUser, string fromUser, long createTime, string content, string msgId)
    {
        var xml = Start(toUser, fromUser, createTime, "text");
        ReplyXmlWriter.Cdata(xml, "Content", content);
        return xml.Append("<MsgId>").Append(msgId).Append("</MsgId></xml>").ToString();
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
        xml.Append("<CreateTime>").Append(createTime.ToString(CultureInfo.InvariantCulture)).Append("</CreateTime>");
        ReplyXmlWriter.Cdata(xml, "MsgType", msgType);
        return xml;
    }
}
