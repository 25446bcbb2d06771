using WechatLeads.Wechat.Api;
using WechatLeads.Wechat.Messages;

namespace WechatLeads.Wechat.Tests.Messages;

/// <summary>授权用户信息变更 and 订阅消息 events, as WeChat's documentation shows them (XML format).</summary>
public sealed class SignalEventTests
{
    [Fact]
    public void A_revoke_names_the_person_in_OpenID_not_FromUserName_and_keeps_them_apart_in_de_duplication()
    {
        const string xml = "<xml><ToUserName><![CDATA[gh_870882ca4b1]]></ToUserName><FromUserName><![CDATA[owAqB1v0ahK_Xlc7GshIDdf2yf7E]]></FromUserName>" +
            "<CreateTime>1626857200</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[user_authorization_revoke]]></Event>" +
            "<OpenID><![CDATA[owAqB1nqaOYYWl0Ng484G2z5NIwU]]></OpenID><AppID><![CDATA[wx13974bf780d3dc89]]></AppID><RevokeInfo><![CDATA[8]]></RevokeInfo></" +
            "xml>";
        var e = Assert.IsType<AuthorizationChangeEvent>(InboundMessageParser.Parse(xml));
        Assert.Equal(("owAqB1nqaOYYWl0Ng484G2z5NIwU", "wx13974bf780d3dc89", "8"), (e.OpenId, e.AppId, e.RevokeInfo));
        Assert.Equal([RevokedItems.MiniProgramPhone], e.Revoked);

        var someoneElse = Assert.IsType<AuthorizationChangeEvent>(InboundMessageParser.Parse(xml.Replace(
            "owAqB1nqaOYYWl0Ng484G2z5NIwU",
            "oOtherPerson000000000000000")));
        Assert.NotEqual(e.DeduplicationKey("wx1"), someoneElse.DeduplicationKey("wx1"));
        Assert.Equal([2, 8], Assert.IsType<AuthorizationChangeEvent>(InboundMessageParser.Parse(xml.Replace("[8]", "[2,8]"))).Revoked);
    }

    [Fact]
    public void Cancellation_and_profile_changes_are_authorization_changes_too()
    {
        foreach (var name in new[] { AuthorizationChangeEvent.Cancellation, AuthorizationChangeEvent.Modified })
        {
            var xml = InboundMessageWriter.AuthorizationChange("gh_1", 1700000000, name, "oPerson000000000000000000000", "wx1");
            Assert.Equal(name, Assert.IsType<AuthorizationChangeEvent>(InboundMessageParser.Parse(xml)).Event);
        }
    }

    [Fact]
    public void A_subscribe_popup_keeps_each_template_and_answer()
    {
        const string xml = "<xml><ToUserName><![CDATA[gh_123456789abc]]></ToUserName><FromUserName><![CDATA[otFpruAK8D-E6EfStSYonYSBZ8_4]]></FromUserName>" +
            "<CreateTime>1610969440</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe_msg_popup_event]]></Event>" +
            "<SubscribeMsgPopupEvent><List><TemplateId><![CDATA[VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc]]></TemplateId>" +
            "<SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString><PopupScene>2</PopupScene></List>" +
            "<List><TemplateId><![CDATA[9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI]]></TemplateId>" +
            "<SubscribeStatusString><![CDATA[reject]]></SubscribeStatusString><PopupScene>2</PopupScene></List></SubscribeMsgPopupEvent></xml>";
        var e = Assert.IsType<SubscribeMessageEvent>(InboundMessageParser.Parse(xml));
        Assert.Equal([("VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc", "accept"), ("9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI", "reject")],
            e.Templates.Select(t => (t.TemplateId, t.Status)));
        Assert.Equal("", e.Fields["SubscribeMsgPopupEvent"]);
    }

    [Fact]
    public void A_sent_event_reports_each_message_by_its_id()
    {
        var xml = InboundMessageWriter.SubscribeEvent("gh_1", "oUser", 1700000000, SubscribeMessageEvent.Sent, "SubscribeMsgSentEvent",
            [[("TemplateId", "T1"), ("MsgID", "1700600690157408256"), ("ErrorCode", "0"), ("ErrorStatus", "success")]]);
        var sent = Assert.Single(Assert.IsType<SubscribeMessageEvent>(InboundMessageParser.Parse(xml)).Templates);
        Assert.Equal(("T1", "success", "1700600690157408256", "0"), sent);
    }

    [Fact]
    public void Too_many_list_items_are_refused()
    {
        var items = Enumerable.Range(0, InboundMessageParser.MaxListItems + 1).Select(i => (IReadOnlyList<(string, string)>)[("TemplateId", $"T{i}")]);
        var xml = InboundMessageWriter.SubscribeEvent("gh_1", "oUser", 1700000000, SubscribeMessageEvent.Popup, "SubscribeMsgPopupEvent", items);
        Assert.Throws<WechatMessageFormatException>(() => InboundMessageParser.Parse(xml));
    }

    [Theory]
    [InlineData("thing1", "任意饮品免单券限时兑换全国门店通用不含外卖", false)] // 21 characters
    [InlineData("thing1", "任意饮品免单券", true)]
    [InlineData("character_string2", "LATTE5-0001", true)]
    [InlineData("character_string2", "券码 0001", false)]
    [InlineData("phrase3", "配送中", true)]
    [InlineData("phrase3", "已发货了吗啊", false)]
    [InlineData("number4", "339208499", true)]
    [InlineData("phone_number5", "+86-0766-66888866", true)]
    [InlineData("time6", "2026年12月31日 23:59", true)]
    [InlineData("name7", "张三", true)]
    [InlineData("amount8", "", false)]
    public void Subscribe_values_are_held_to_the_limits_of_their_keyword_type(string keyword, string value, bool fits) =>
        Assert.Equal(fits, SubscribeKeywordRules.Problem(keyword, value) is null);
}
