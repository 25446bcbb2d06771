using System.Text;
using WechatLeads.Wechat.Crypto;
using WechatLeads.Wechat.Messages;

namespace WechatLeads.Wechat.Tests.Messages;

public sealed class ParserEdgeTests
{
    private const string Head = "<ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oUser]]></FromUserName><CreateTime>1700000000</CreateTime>";

    private static InboundMessage Parse(string body) => InboundMessageParser.Parse($"<xml>{Head}{body}</xml>");

    [Theory]
    [InlineData("<FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType>")]
    [InlineData("<ToUserName>a</ToUserName><CreateTime>1</CreateTime><MsgType>text</MsgType>")]
    [InlineData("<ToUserName>a</ToUserName><FromUserName>b</FromUserName><MsgType>text</MsgType>")]
    [InlineData("<ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime>")]
    [InlineData("<ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType></MsgType>")]
    public void Each_required_field_is_required(string body) =>
        Assert.Throws<WechatMessageFormatException>(() => InboundMessageParser.Parse($"<xml>{body}</xml>"));

    [Fact]
    public void An_external_dtd_is_refused_before_anything_is_fetched() =>
        Assert.Throws<WechatMessageFormatException>(() => InboundMessageParser.Parse(
            """<!DOCTYPE xml SYSTEM "file:///etc/passwd"><xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>""" +
            """text</MsgType></xml>"""));

    [Fact]
    public void A_full_billion_laughs_document_is_refused_quickly()
    {
        var dtd = new StringBuilder("<!DOCTYPE xml [<!ENTITY lol0 \"lol\">");
        for (var i = 1; i < 10; i++)
            dtd.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");
        dtd.Append("]>");
        var xml = dtd
            + "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&lol9;</Content></xml>";
        Assert.Throws<WechatMessageFormatException>(() => InboundMessageParser.Parse(xml));
        Assert.Throws<WechatMessageFormatException>(() =>
            InboundMessageParser.ParseEnvelope(xml.Replace("<Content>", "<Encrypt>", StringComparison.Ordinal)
                .Replace("</Content>", "</Encrypt>", StringComparison.Ordinal)));
    }

    [Fact]
    public void An_envelope_with_a_dtd_is_refused() =>
        Assert.Throws<WechatMessageFormatException>(() => InboundMessageParser.ParseEnvelope(
            """<!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Encrypt>&e;</Encrypt></xml>"""));

    [Fact]
    public void A_field_of_thousands_of_tiny_cdata_sections_is_refused_at_the_first_few()
    {
        var handful = string.Concat(Enumerable.Repeat("<![CDATA[a]]>", InboundMessageParser.MaxTextNodesPerField));
        Assert.Equal(new string('a', InboundMessageParser.MaxTextNodesPerField),
            Assert.IsType<TextMessage>(Parse($"<MsgType>text</MsgType><Content>{handful}</Content>")).Content);
        Assert.Throws<WechatMessageFormatException>(() => Parse($"<MsgType>text</MsgType><Content>{handful}<![CDATA[a]]></Content>"));
    }

    [Fact]
    public void Over_long_fields_and_too_many_elements_are_refused()
    {
        Assert.Throws<WechatMessageFormatException>(() =>
            Parse($"<MsgType>text</MsgType><Content>{new string('x', InboundMessageParser.MaxFieldLength + 1)}</Content>"));
        Assert.Throws<WechatMessageFormatException>(() =>
            Parse("<MsgType>text</MsgType>" + string.Concat(Enumerable.Repeat("<F>x</F>", InboundMessageParser.MaxTopLevelElements))));
    }

    [Fact]
    public void The_envelope_scanner_reads_what_an_xml_parser_would_and_nothing_more()
    {
        var envelope = EnvelopeScanner.Read("<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[QUJD]]></Encrypt></xml>");
        Assert.Equal(("gh_1", "QUJD"), (envelope.ToUserName, envelope.Encrypt));
        Assert.Equal("QUJD", EnvelopeScanner.Read("<xml><Encrypt>QU<![CDATA[JD]]></Encrypt></xml>").Encrypt);
        foreach (var hostile in new[]
        {
            "<xml><Encrypt>QU&amp;JD</Encrypt></xml>", "<xml><Encrypt><b>QUJD</b></Encrypt></xml>", "<xml><Encrypt>QUJD</xml>",
            "<xml><Encrypt><![CDATA[QUJD</Encrypt></xml>", "<xml><Encrypt></Encrypt></xml>", "<xml><Encrypt>QU\r\nJD</Encrypt></xml>",
            "<xml><Encrypt>" + new string('Q', EnvelopeScanner.MaxEncryptLength + 100) + "</Encrypt></xml>",
        })
        {
            Assert.Throws<WechatMessageFormatException>(() => EnvelopeScanner.Read(hostile));
        }
    }

    [Fact]
    public void A_text_of_only_spaces_keeps_its_spaces() =>
        Assert.Equal("   ", Assert.IsType<TextMessage>(Parse("<MsgType>text</MsgType><Content>   </Content><MsgId>1</MsgId>")).Content);

    [Fact]
    public void Every_top_level_element_is_kept_and_nested_ones_do_not_leak_into_their_parent()
    {
        var e = Parse("<MsgType>event</MsgType><Event>scancode_push</Event><EventKey>k</EventKey>\n<ScanCodeInfo>\n  <ScanType>qrcode</ScanType>\n  " +
            "<ScanResult>1</ScanResult>\n</ScanCodeInfo>\n<Custom>x</Custom>");
        Assert.Equal("", e.Fields["ScanCodeInfo"]);
        Assert.Equal("x", e.Fields["Custom"]);
        Assert.Equal("scancode_push", e.Fields["Event"]);
        Assert.False(e.Fields.ContainsKey("ScanType"));
    }

    [Fact]
    public void Scan_and_view_events_expose_their_key_ticket_and_menu()
    {
        var scan = Assert.IsType<ScanEvent>(Parse("<MsgType>event</MsgType><Event>SCAN</Event><EventKey>store-7</EventKey><Ticket>T</Ticket>"));
        Assert.Equal(("SCAN", "store-7", "T"), (scan.Event, scan.EventKey, scan.Ticket));
        Assert.Equal("wx1|e|oUser|1700000000|SCAN|store-7", scan.DeduplicationKey("wx1"));
        var view = Assert.IsType<ViewEvent>(Parse("<MsgType>event</MsgType><Event>VIEW</Event><EventKey>https://x.example/a</EventKey><MenuId>42</MenuId>"));
        Assert.Equal(("https://x.example/a", "42"), (view.EventKey, view.MenuId));
    }

    [Fact]
    public void An_event_without_a_key_has_an_empty_key()
    {
        var e = Assert.IsType<UnsubscribeEvent>(Parse("<MsgType>event</MsgType><Event>unsubscribe</Event>"));
        Assert.Equal("", e.EventKey);
        Assert.Equal("wx1|e|oUser|1700000000|unsubscribe|", e.DeduplicationKey("wx1"));
    }

    [Fact]
    public void A_video_message_and_a_voice_without_recognition()
    {
        var video = Assert.IsType<VideoMessage>(Parse("<MsgType>video</MsgType><MediaId>M</MediaId><ThumbMediaId>T</ThumbMediaId><MsgId>3</MsgId>"));
        Assert.Equal(("M", "T", "3"), (video.MediaId, video.ThumbMediaId, video.MsgId));
        Assert.Null(Assert.IsType<VoiceMessage>(Parse("<MsgType>voice</MsgType><MediaId>V</MediaId><Format>amr</Format><MsgId>2</MsgId>")).Recognition);
    }

    [Fact]
    public void What_the_writer_builds_the_parser_reads_back_through_safe_mode()
    {
        var crypto = new WechatMessageCrypto("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wxabc");
        var push = InboundMessageWriter.Text("gh_1", "oUser", 1700000000, "退订 ]]> <b>", "9001");
        var envelope = InboundMessageParser.ParseEnvelope(InboundMessageWriter.EncryptedEnvelope("gh_1", crypto.Encrypt(push)));
        Assert.Equal("gh_1", envelope.ToUserName);
        var text = Assert.IsType<TextMessage>(InboundMessageParser.Parse(crypto.Decrypt(envelope.Encrypt)));
        Assert.Equal(("退订 ]]> <b>", "9001", "wxabc|m|9001"), (text.Content, text.MsgId, text.DeduplicationKey("wxabc")));

        var subscribe = Assert.IsType<SubscribeEvent>(InboundMessageParser.Parse(InboundMessageWriter.Event(
            "gh_1",
            "oUser",
            1,
            "subscribe",
            "qrscene_s1",
            "TK")));
        Assert.Equal(("s1", "TK"), (subscribe.Scene, subscribe.Ticket));
    }

    [Fact]
    public void A_reply_with_a_dtd_is_refused_by_the_reply_parser() =>
        Assert.Throws<WechatMessageFormatException>(() => ReplyParser.Parse(
            """<!DOCTYPE xml [<!ENTITY a "aaaa">]><xml><MsgType>text</MsgType><Content>&a;</Content></xml>"""));

    [Fact]
    public void The_encrypted_reply_escapes_a_hostile_timestamp()
    {
        var crypto = new WechatMessageCrypto("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wxabc");
        var xml = EncryptedReplyWriter.Write(crypto, "tok", "<xml/>", "1</TimeStamp><Evil>", "n");
        Assert.DoesNotContain("<Evil>", xml);
        Assert.Equal("1</TimeStamp><Evil>", System.Xml.Linq.XDocument.Parse(xml).Root!.Element("TimeStamp")!.Value);
    }
}
