using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
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

    /// <summary>
    /// Appends &lt;name&gt;value&lt;/name&gt; for values outside CDATA (timestamps, ids). Escaped because some of
    /// them come from the request's query string, and a stray '&lt;' there must not become markup.
    /// </summary>
    internal static void Plain(StringBuilder xml, string name, string value) =>
        xml.Append('<').Append(name).Append('>').Append(System.Security.SecurityElement.Escape(value)).Append("</").Append(name).Append('>');

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
        ReplyXmlWriter.Plain(xml, "TimeStamp", timestamp);
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
        XElement root;
        try
        {
            // The same DTD-free reader as for pushes: XDocument.Parse alone would expand internal entities.
            using var reader = XmlReader.Create(new StringReader(xml), InboundMessageParser.Settings);
            root = XDocument.Load(reader).Root!;
        }
        catch (XmlException e)
        {
            throw new WechatMessageFormatException("The reply is not well-formed XML (or has a DTD).", e);
        }
        return (string?)root.Element("MsgType") switch
        {
            "text" => new TextReply((string?)root.Element("Content") ?? ""),
            "news" => new NewsReply(root.Element("Articles")?.Elements("item").Select(Article).ToList() ?? []),
            _ => null,
        };
    }

    private static NewsArticle Article(XElement item) => new(
        (string?)item.Element("Title") ?? "", (string?)item.Element("Description") ?? "",
        (string?)item.Element("PicUrl") ?? "", (string?)item.Element("Url") ?? "");
}
