using WechatLeads.Wechat.Crypto;
using WechatLeads.Wechat.Messages;

namespace WechatLeads.Wechat.Tests.Messages;

public sealed class ReplyTests
{
    [Theory]
    [InlineData("plain text")]
    [InlineData("a ]]> in the middle")]
    [InlineData("]]>]]>")]
    [InlineData("<b>&amp; 中文 😀</b>")]
    public void Text_replies_survive_cdata_round_trips(string content)
    {
        var xml = ReplyXmlWriter.Write(new TextReply(content), "oUser", "gh_1", 1700000000);
        Assert.Equal(content, Assert.IsType<TextReply>(ReplyParser.Parse(xml)).Content);
        var asPush = InboundMessageParser.Parse(xml.Replace("<MsgType><![CDATA[text]]></MsgType>", "<MsgType>text</MsgType>", StringComparison.Ordinal));
        Assert.Equal("oUser", asPush.ToUserName);
    }

    [Fact]
    public void News_replies_carry_their_articles()
    {
        var xml = ReplyXmlWriter.Write(new NewsReply([new NewsArticle("T", "D", "http://p", "http://u")]), "o", "g", 1);
        Assert.Contains("<ArticleCount>1</ArticleCount>", xml);
        var news = Assert.IsType<NewsReply>(ReplyParser.Parse(xml));
        Assert.Equal("http://u", news.Articles[0].Url);
    }

    [Fact]
    public void An_encrypted_reply_carries_encrypt_signature_timestamp_and_nonce_that_verify()
    {
        var crypto = new WechatMessageCrypto("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wxabc");
        var xml = EncryptedReplyWriter.Write(crypto, "tok", "<xml><Content>hi</Content></xml>", "1700000000", "42");
        var doc = System.Xml.Linq.XDocument.Parse(xml).Root!;
        var encrypt = doc.Element("Encrypt")!.Value;
        Assert.Equal("1700000000", doc.Element("TimeStamp")!.Value);
        Assert.Equal("42", doc.Element("Nonce")!.Value);
        Assert.True(WechatSignature.Verify(doc.Element("MsgSignature")!.Value, "tok", "1700000000", "42", encrypt));
        Assert.Equal("<xml><Content>hi</Content></xml>", crypto.Decrypt(encrypt));
    }

    [Theory]
    [InlineData("success")]
    [InlineData("")]
    public void Success_or_empty_is_no_reply(string body) => Assert.Null(ReplyParser.Parse(body));
}
