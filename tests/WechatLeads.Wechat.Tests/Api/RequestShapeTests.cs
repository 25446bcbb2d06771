using Flurl.Http.Testing;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Wechat.Tests.Api;

/// <summary>The JSON each endpoint sends, byte for byte as WeChat documents it: snake_case, no nulls, raw Chinese.</summary>
public sealed class RequestShapeTests
{
    private static WechatApiClient Client() => new(
        new WechatApiClientOptions { AppId = "wxapp", AppSecret = "s3cret", ApiBaseUrl = "https://api.test", BusyRetryDelays = [] },
        new InMemoryAccessTokenStore(), new ManualClock(new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.Zero)));

    private static HttpTest Respond(object answer)
    {
        var http = new HttpTest();
        http.RespondWithJson(new { access_token = "T", expires_in = 7200 }).RespondWithJson(answer);
        return http;
    }

    [Fact]
    public async Task Custom_send_text_and_news()
    {
        using (var http = Respond(new { errcode = 0 }))
        {
            await Client().ExecuteCgibinMessageCustomSendAsync(CgibinMessageCustomSendRequest.Text("o1", "已退订"));
            http.ShouldHaveCalled("https://api.test/cgi-bin/message/custom/send").WithQueryParam("access_token", "T")
                .WithRequestBody("""{"touser":"o1","msgtype":"text","text":{"content":"已退订"}}""");
        }
        using (var http = Respond(new { errcode = 0 }))
        {
            await Client().ExecuteCgibinMessageCustomSendAsync(CgibinMessageCustomSendRequest.News("o1", "标题", "描述", "https://u", "https://p"));
            http.ShouldHaveCalled("*/cgi-bin/message/custom/send")
                .WithRequestBody("""{"touser":"o1","msgtype":"news","news":{"articles":[{"title":"标题","description":"描述","url":"https://""" +
                    """u","picurl":"https://p"}]}}""");
        }
    }

    [Fact]
    public async Task Template_send_returns_the_msgid()
    {
        using var http = Respond(new { errcode = 0, errmsg = "ok", msgid = 200228332 });
        var request = new CgibinMessageTemplateSendRequest
        {
            ToUser = "o1",
            TemplateId = "tpl",
            MiniProgram = new() { AppId = "wxmini", PagePath = "pages/a" },
            Data = new Dictionary<string, CgibinMessageTemplateSendRequest.DataItem> { ["thing1"] = new() { Value = "活动", Color = "#173177" } },
        };
        Assert.Equal(200228332, (await Client().ExecuteCgibinMessageTemplateSendAsync(request)).MsgId);
        http.ShouldHaveCalled("*/cgi-bin/message/template/send")
            .WithRequestBody("""{"touser":"o1","template_id":"tpl","miniprogram":{"appid":"wxmini","pagepath":"pages/""" +
                """a"},"data":{"thing1":{"value":"活动","color":"#173177"}}}""");
    }

    [Fact]
    public async Task Qr_codes_temporary_and_permanent()
    {
        using (var http = Respond(new { ticket = "TK", expire_seconds = 604800, url = "http://weixin.qq.com/q/x" }))
        {
            var qr = await Client().ExecuteCgibinQrcodeCreateAsync(CgibinQrcodeCreateRequest.TemporaryString("store-7", 604800));
            Assert.Equal(("TK", 604800, "http://weixin.qq.com/q/x"), (qr.Ticket, qr.ExpireSeconds, qr.Url));
            http.ShouldHaveCalled("*/cgi-bin/qrcode/create")
                .WithRequestBody("""{"expire_seconds":604800,"action_name":"QR_STR_SCENE","action_info":{"scene":{"scene_str":"store-7"}}}""");
        }
        using (var http = Respond(new { ticket = "TK", url = "u" }))
        {
            await Client().ExecuteCgibinQrcodeCreateAsync(CgibinQrcodeCreateRequest.PermanentString("store-7"));
            http.ShouldHaveCalled("*/cgi-bin/qrcode/create")
                .WithRequestBody("""{"action_name":"QR_LIMIT_STR_SCENE","action_info":{"scene":{"scene_str":"store-7"}}}""");
        }
    }

    [Fact]
    public async Task Menu_get_reads_back_the_buttons()
    {
        var button = new { type = "click", name = "活动", key = "K", sub_button = Array.Empty<object>() };
        using var http = Respond(new { menu = new { button = new object[] { button } } });
        var menu = await Client().ExecuteCgibinMenuGetAsync();
        Assert.Equal(("click", "活动", "K"), (menu.Menu!.Buttons[0].Type, menu.Menu.Buttons[0].Name, menu.Menu.Buttons[0].Key));
        http.ShouldHaveCalled("https://api.test/cgi-bin/menu/get").WithVerb(HttpMethod.Get).WithQueryParam("access_token", "T");
    }

    [Fact]
    public async Task User_info_asks_in_chinese()
    {
        using var http = Respond(new { subscribe = 1, openid = "o1", subscribe_scene = "ADD_SCENE_QR_CODE", qr_scene_str = "store-7" });
        var user = await Client().ExecuteCgibinUserInfoAsync("o1");
        Assert.Equal((1, "store-7"), (user.Subscribe, user.QrSceneString));
        http.ShouldHaveCalled("*/cgi-bin/user/info").WithQueryParams(new { access_token = "T", openid = "o1", lang = "zh_CN" });
    }

    [Fact]
    public async Task Jsapi_ticket_is_a_get_with_the_token_and_the_type()
    {
        using var http = Respond(new { errcode = 0, errmsg = "ok", ticket = "bxLdikRXVbTPdHSM05e5u5sUoXNKd8", expires_in = 7200 });
        var ticket = await Client().ExecuteCgibinTicketGetTicketAsync();
        Assert.Equal(("bxLdikRXVbTPdHSM05e5u5sUoXNKd8", 7200), (ticket.Ticket, ticket.ExpiresIn));
        http.ShouldHaveCalled("https://api.test/cgi-bin/ticket/getticket").WithVerb(HttpMethod.Get).WithQueryParams(new { access_token = "T", type = "jsapi" });
    }
}
