using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Marketing;

/// <summary>
/// 发给自己测试: the staff member proves their own number (an SMS code) or binds their own WeChat (a link opened in
/// WeChat), then a send form's message goes there — checked by the same rules as scheduling, audited, and to nobody else.
/// </summary>
public sealed partial class TestSendTests() : HostedTests(shareHost: true)
{
    private const string Phone = "13912345670";

    private HttpClient Operator => App.CreateAdminClient(WechatLeadsFactory.OperatorKey);

    private static object Message(string channel, string? text = null) => channel == "wechat_template"
        ? new { name = "新品", channel, templateId = "TPL1", templateData = new { first = "【示例咖啡】冬季新品上市", remark = "回复TD退订" } }
        : new { name = "新品", channel, text = text ?? MarketingSendTests.Sms };

    [GeneratedRegex("id=\"bind-link\">([^<]+)<")]
    private static partial Regex BindLink();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [Fact]
    public async Task An_sms_test_goes_to_the_proven_number_only_after_its_code_came_back()
    {
        var early = await Operator.PostAsJsonAsync("/admin/api/marketing/test-send", Message("sms"));
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("还没有验证测试接收号码", await early.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, (await Operator.PostAsJsonAsync("/admin/api/account/test-phone/code", new { phone = Phone })).StatusCode);
        var wrong = await Operator.PostAsJsonAsync(
            "/admin/api/account/test-phone",
            new { phone = Phone, code = "000000" == App.LatestSmsCode(Phone) ? "111111" : "000000" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        var proven = await Operator.PostAsJsonAsync("/admin/api/account/test-phone", new { phone = Phone, code = App.LatestSmsCode(Phone) });
        Assert.Equal(HttpStatusCode.OK, proven.StatusCode);

        var sent = await Operator.PostAsJsonAsync("/admin/api/marketing/test-send", Message("sms"));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var answer = await sent.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("sent", answer.GetProperty("status").GetString());
        Assert.Contains("139****5670", answer.GetProperty("notice")[0].GetString());
        var sms = App.Sandbox.SmsMessages[^1];
        Assert.Equal((Phone, MarketingSendTests.Sms), (sms.Phone, sms.Text));

        var audit = await App.QueryAsync(db => db.Set<AuditEntry>().AsNoTracking().Where(e => e.Actor == "test-operator").ToListAsync());
        Assert.Contains(audit, e => e.Action == AuditActions.TestTargetSet && e.Target == "staff:test-operator phone");
        Assert.Contains(audit, e => e.Action == AuditActions.MarketingTestSend && e.Target == "sms to own test target: sent");
        Assert.DoesNotContain(audit, e => e.Target.Contains(Phone));
    }

    [Fact]
    public async Task A_test_is_held_to_the_rules_of_a_real_send()
    {
        var refused = await Operator.PostAsJsonAsync("/admin/api/marketing/test-send", Message("sms", "冬季新品第二杯半价！"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problems = await refused.Content.ReadAsStringAsync();
        Assert.Contains("消息必须以【示例咖啡】写明发送方", problems);
        Assert.Contains("营销短信必须写明退订方式", problems);
    }

    [Fact]
    public async Task A_wechat_test_goes_to_the_wechat_bound_by_opening_the_console_link_in_wechat()
    {
        var page = await Operator.GetStringAsync("/admin/account/test-targets");
        var link = new Uri(WebUtility.HtmlDecode(BindLink().Match(page).Groups[1].Value));

        // The phone's WeChat browser: silent OAuth through the sandbox, then the confirmation page.
        var (phone, landed) = await App.SignedInFollowerAsync(link.PathAndQuery);
        var confirm = await landed.Content.ReadAsStringAsync();
        Assert.Contains("绑定测试微信号", confirm);
        var bound = await phone.PostAsync("/h5/staff-bind", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token().Match(confirm).Groups[1].Value,
            ["t"] = WebUtility.HtmlDecode(Regex.Match(confirm, "name=\"t\" value=\"([^\"]+)\"").Groups[1].Value),
        }));
        Assert.Contains("已绑定", await bound.Content.ReadAsStringAsync());

        var follower = Assert.Single(App.Sandbox.Followers, f => f.Nickname.StartsWith("网页访客", StringComparison.Ordinal));
        follower.Subscribed = true;
        var sent = await Operator.PostAsJsonAsync("/admin/api/marketing/test-send", Message("wechat_template"));
        Assert.Equal("sent", (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Contains(follower.Inbox, i => i.Kind == "template" && Regex.Unescape(i.Text).Contains("冬季新品上市")); // the data as JSON
        Assert.Contains("已绑定", await Operator.GetStringAsync("/admin/account/test-targets"));
    }

    [Fact]
    public async Task A_bind_link_that_was_altered_binds_nothing()
    {
        var phone = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var forged = await phone.GetAsync("/h5/staff-bind?t=CfDJ8forged");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("二维码已失效", await forged.Content.ReadAsStringAsync());
    }
}
