using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Server.Tests.Unsubscribe;

namespace WechatLeads.Server.Tests.Messaging;

/// <summary>
/// Keyword replies through signed pushes: the rules of config/replies.json (one of each kind), the console's API,
/// the default reply, opt-out words first, and promotional replies kept from people who opted out.
/// </summary>
public sealed class KeywordReplyTests : HostedTests
{
    private async Task<string?> SayAsync(string openId, string text) => (await OptOutSteps.PushAsync(App, openId, "text", text)).Reply;

    private HttpClient Operator => App.CreateAdminClient(WechatLeadsFactory.OperatorKey);

    /// <summary>config/replies.json ships without a default reply (silence); the console sets one.</summary>
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var replies = await Operator.GetFromJsonAsync<JsonElement>("/admin/api/replies");
        var fallback = replies.EnumerateArray().Single(r => r.GetProperty("isDefault").GetBoolean()).GetProperty("id").GetInt64();
        Assert.Equal("none", replies.EnumerateArray().Single(r => r.GetProperty("isDefault").GetBoolean()).GetProperty("type").GetString());
        var set = await Operator.PutAsJsonAsync($"/admin/api/replies/{fallback}", new { type = "text", text = "您好，消息已收到。回复“门店”查看门店地址；回复 TD 退订营销消息。" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
    }

    [Fact]
    public async Task A_contains_rule_answers_with_its_text()
    {
        var openId = await OptOutSteps.FollowAsync(App);
        Assert.StartsWith("上海南京西路店", await SayAsync(openId, "请问你们的门店在哪里？"));
        Assert.StartsWith("上海南京西路店", await SayAsync(openId, "ＡＤＤＲＥＳＳ 地址")); // full-width and case folded
    }

    [Fact]
    public async Task A_link_rule_answers_with_a_card_to_this_sites_page()
    {
        var openId = await OptOutSteps.FollowAsync(App);
        var reply = await SayAsync(openId, "我想删除我的数据");
        Assert.StartsWith("我的数据 http", reply);
        Assert.EndsWith("/h5/me", reply);
    }

    [Fact]
    public async Task An_exact_rule_answers_only_the_exact_word_with_a_campaign_card()
    {
        var openId = await OptOutSteps.FollowAsync(App);
        var reply = await SayAsync(openId, " 领券 ");
        Assert.Contains("/h5/c/spring-coupon?src=reply", reply);
        Assert.DoesNotContain("/h5/c/spring-coupon", await SayAsync(openId, "我想领券可以吗")); // not exact: the default reply
    }

    [Fact]
    public async Task Anything_else_gets_the_default_reply_and_opt_out_words_always_opt_out()
    {
        var openId = await OptOutSteps.FollowAsync(App);
        Assert.StartsWith("您好，消息已收到", await SayAsync(openId, "今天天气不错"));
        await SayAsync(openId, "TD");
        await OptOutSteps.ConfirmationsEventuallyAsync(App, openId);
        // Opted out now: the campaign card is promotional, so the default reply answers instead.
        Assert.StartsWith("您好，消息已收到", await SayAsync(openId, "领券"));
    }

    [Fact]
    public async Task The_console_adds_and_removes_rules_and_refuses_promotion_without_sender_and_opt_out()
    {
        var openId = await OptOutSteps.FollowAsync(App);
        var added = await Operator.PostAsJsonAsync("/admin/api/replies", new { match = "exact", keywords = "会员, 积分", type = "text", text = "积分可在小程序“我的”里查看。" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var id = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.StartsWith("积分可在小程序", await SayAsync(openId, "积分"));

        var promotional = await Operator.PostAsJsonAsync(
            "/admin/api/replies",
            new { match = "contains", keywords = "新品", type = "text", text = "新品上市！", promotional = true });
        Assert.Equal(HttpStatusCode.BadRequest, promotional.StatusCode);
        Assert.Contains("【示例咖啡】", await promotional.Content.ReadAsStringAsync());
        var optOutWord = await Operator.PostAsJsonAsync("/admin/api/replies", new { match = "exact", keywords = "TD", type = "text", text = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, optOutWord.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await Operator.DeleteAsync($"/admin/api/replies/{id}")).StatusCode);
        Assert.StartsWith("您好，消息已收到", await SayAsync(openId, "积分"));
        var list = await Operator.GetFromJsonAsync<JsonElement>("/admin/api/replies");
        Assert.Equal(4, list.GetArrayLength()); // the three rules of config/replies.json and the default
        Assert.Equal(HttpStatusCode.OK, (await App.CreateAdminClient(WechatLeadsFactory.OperatorKey).GetAsync("/admin/replies")).StatusCode);
    }
}
