using WechatLeads.Wechat.Messages;

namespace WechatLeads.Wechat.Tests.Messages;

public sealed class ParserTests
{
    private const string Head = "<ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oUser]]></FromUserName><CreateTime>1700000000</CreateTime>";

    private static InboundMessage Parse(string body) => InboundMessageParser.Parse($"<xml>{Head}{body}</xml>");

    [Fact]
    public void Text_message()
    {
        var m = Assert.IsType<TextMessage>(Parse("<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好 ]]></Content><MsgId>1234567890123456</MsgId>"));
        Assert.Equal("你好 ", m.Content);
        Assert.Equal("1234567890123456", m.MsgId);
        Assert.Equal(1700000000, m.CreateTime);
        Assert.Equal("oUser", m.FromUserName);
        Assert.Equal("wx1|m|1234567890123456", m.DeduplicationKey("wx1"));
    }

    [Fact]
    public void Image_voice_video_location_and_link_messages()
    {
        Assert.Equal(
            "MEDIA",
            Assert.IsType<ImageMessage>(Parse("<MsgType>image</MsgType><PicUrl>http://p</PicUrl><MediaId>MEDIA</MediaId><MsgId>1</MsgId>")).MediaId);
        var voice = Assert.IsType<VoiceMessage>(Parse("<MsgType>voice</MsgType><MediaId>V</MediaId><Format>amr</Format><Recognition>退订</Recognition><MsgId>" +
            "2</MsgId>"));
        Assert.Equal(("amr", "退订"), (voice.Format, voice.Recognition));
        Assert.Equal(
            "T",
            Assert.IsType<VideoMessage>(Parse("<MsgType>shortvideo</MsgType><MediaId>M</MediaId><ThumbMediaId>T</ThumbMediaId><MsgId>3</MsgId>")).ThumbMediaId);
        var location = Assert.IsType<LocationMessage>(Parse("<MsgType>location</MsgType><Location_X>23.134521</Location_X><Location_Y>113.358803</Location_Y>" +
            "<Scale>20</Scale><Label><![CDATA[位置信息]]></Label><MsgId>4</MsgId>"));
        Assert.Equal((23.134521, 113.358803, 20, "位置信息"), (location.LocationX, location.LocationY, location.Scale, location.Label));
        var link = Assert.IsType<LinkMessage>(Parse("<MsgType>link</MsgType><Title>T</Title><Description>D</Description><Url>http://u</Url><MsgId>5</MsgId>"));
        Assert.Equal("http://u", link.Url);
    }

    [Fact]
    public void Subscribe_from_a_parametric_qr_code_has_its_scene_and_ticket()
    {
        var e = Assert.IsType<SubscribeEvent>(Parse("<MsgType>event</MsgType><Event>subscribe</Event><EventKey>qrscene_store-7</EventKey><Ticket>TICKET</" +
            "Ticket>"));
        Assert.Equal("store-7", e.Scene);
        Assert.Equal("TICKET", e.Ticket);
        Assert.Equal("wx1|e|oUser|1700000000|subscribe|qrscene_store-7", e.DeduplicationKey("wx1"));
    }

    [Fact]
    public void A_plain_subscribe_has_no_scene() =>
        Assert.Null(Assert.IsType<SubscribeEvent>(Parse("<MsgType>event</MsgType><Event>subscribe</Event>")).Scene);

    [Theory]
    [InlineData("unsubscribe", typeof(UnsubscribeEvent))]
    [InlineData("SCAN", typeof(ScanEvent))]
    [InlineData("CLICK", typeof(ClickEvent))]
    [InlineData("click", typeof(ClickEvent))]
    [InlineData("VIEW", typeof(ViewEvent))]
    [InlineData("TEMPLATESENDJOBFINISH", typeof(TemplateSendJobFinishEvent))]
    [InlineData("user_authorization_revoke", typeof(AuthorizationChangeEvent))]
    [InlineData("some_future_event", typeof(UnknownEvent))]
    public void Events_are_typed_whatever_their_case(string name, Type type) =>
        Assert.IsType(type, Parse($"<MsgType>event</MsgType><Event>{name}</Event><EventKey>K</EventKey>"));

    [Fact]
    public void Template_send_job_finish_carries_its_status()
    {
        var e = Assert.IsType<TemplateSendJobFinishEvent>(Parse("<MsgType>event</MsgType><Event>TEMPLATESENDJOBFINISH</Event><MsgID>200163836</MsgID><Status>" +
            "<![CDATA[success]]></Status>"));
        Assert.Equal(("200163836", "success"), (e.MsgId, e.Status));
    }

    [Fact]
    public void Nested_elements_are_read_past_without_failing()
    {
        var e = Assert.IsType<UnknownEvent>(Parse("<MsgType>event</MsgType><Event>scancode_waitmsg</Event><EventKey>k</EventKey><ScanCodeInfo><ScanType>" +
            "qrcode</ScanType><ScanResult>1</ScanResult></ScanCodeInfo>"));
        Assert.Equal("k", e.EventKey);
    }

    [Fact]
    public void Unknown_message_types_parse_as_unknown() =>
        Assert.IsType<UnknownMessage>(Parse("<MsgType>miniprogrampage</MsgType><MsgId>9</MsgId>"));

    [Theory]
    [InlineData("""<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><ToUserName>a</ToUserName><FromUserName>b</""" +
        """FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&xxe;</Content></xml>""")]
    [InlineData("""<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]><xml><ToUserName>a</ToUserName><FromUserName>b</""" +
        """FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&lol2;</Content></xml>""")]
    [InlineData("<xml><ToUserName>a</ToUserName>")]
    [InlineData("<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>x</CreateTime><MsgType>text</MsgType></xml>")]
    [InlineData("<xml><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>")]
    [InlineData("<xml></xml><xml></xml>")]
    [InlineData("")]
    public void Hostile_malformed_or_incomplete_documents_are_refused(string xml) =>
        Assert.Throws<WechatMessageFormatException>(() => InboundMessageParser.Parse(xml));

    [Fact]
    public void The_safe_mode_envelope_yields_encrypt()
    {
        var envelope = InboundMessageParser.ParseEnvelope("<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[abc=]]></Encrypt></xml>");
        Assert.Equal(("gh_1", "abc="), (envelope.ToUserName, envelope.Encrypt));
        Assert.Throws<WechatMessageFormatException>(() => InboundMessageParser.ParseEnvelope("<xml><ToUserName>gh</ToUserName></xml>"));
    }
}
