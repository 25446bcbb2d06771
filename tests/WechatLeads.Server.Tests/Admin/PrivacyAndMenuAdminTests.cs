using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Admin;

/// <summary>Privacy-notice versions and the account menu, managed from the admin API instead of files.</summary>
public sealed class PrivacyAndMenuAdminTests() : HostedTests(shareHost: true)
{
    private HttpClient Operator => App.CreateAdminClient(WechatLeadsFactory.OperatorKey);

    private static string Notice(string extra = "") => $"""
        # 个人信息保护政策（2027 版）
        ## 个人信息处理者
        示例咖啡有限公司，privacy@example.com
        ## 处理目的
        发放优惠券；经您单独同意后发送营销信息。{extra}
        ## 处理方式与种类
        手机号，加密保存。
        ## 保存期限
        活动结束后 180 天。
        ## 您的权利
        查阅、复制、更正、删除；回复 TD 退订。
        ## 未成年人
        本活动仅面向 18 周岁以上成年人。
        """;

    [Fact]
    public async Task A_new_privacy_version_is_published_once_and_never_changed()
    {
        var incomplete = await Operator.PostAsJsonAsync("/admin/api/privacy", new { version = "2027-01", markdown = "# 政策\n只有一句话。" });
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        var problems = await incomplete.Content.ReadAsStringAsync();
        foreach (var heading in new[] { "个人信息处理者", "保存期限", "未成年" }) Assert.Contains(heading, problems);

        var published = await Operator.PostAsJsonAsync("/admin/api/privacy", new { version = "2027-01", markdown = Notice() });
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Operator.PostAsJsonAsync("/admin/api/privacy", new { version = "2027-01", markdown = Notice() })).StatusCode);
        Assert.Equal(
            HttpStatusCode.Conflict,
            (await Operator.PostAsJsonAsync("/admin/api/privacy", new { version = "2027-01", markdown = Notice("多一句。") })).StatusCode);
        Assert.Equal(
            HttpStatusCode.Conflict,
            (await Operator.PostAsJsonAsync("/admin/api/privacy", new { version = "2026-11", markdown = Notice() })).StatusCode);

        var page = await App.CreateClient().GetStringAsync("/privacy/2027-01");
        Assert.Contains("个人信息保护政策（2027 版）", page);
        Assert.Matches("<span class=\"hash\">[0-9a-f]{64}</span>", page); // wraps on a phone (h5.css): no sideways scrolling
        Assert.Equal(HttpStatusCode.OK, (await Operator.PatchAsJsonAsync("/admin/api/campaigns/spring-coupon", new { policyVersion = "2027-01" })).StatusCode);
        var listed = await Operator.GetFromJsonAsync<JsonElement>("/admin/api/privacy");
        var entry = listed.EnumerateArray().Single(p => p.GetProperty("version").GetString() == "2027-01");
        Assert.Equal(["spring-coupon"], entry.GetProperty("campaigns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(1, await App.QueryAsync(db => db.Set<AuditEntry>().CountAsync(e => e.Action == AuditActions.PrivacyPublished)));
    }

    [Fact]
    public async Task A_menu_is_checked_before_it_is_published_and_then_reaches_the_account()
    {
        var current = await Operator.GetFromJsonAsync<JsonElement>("/admin/api/menu");
        Assert.Equal("config/menu.json", current.GetProperty("origin").GetString());
        var template = current.GetProperty("json").GetString()!;
        Assert.Contains("UNSUBSCRIBE", template);

        var withoutWayOut = """{"button":[{"type":"view","name":"领券","url":"{base}/h5/c/spring-coupon"}]}""";
        var check = await (await Operator.PostAsJsonAsync("/admin/api/menu/validate", new { json = withoutWayOut })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(check.GetProperty("valid").GetBoolean());
        Assert.Contains("取消订阅", check.GetProperty("problems")[0].GetString());
        var longName = template.Replace("\"name\": \"领优惠券\"", "\"name\": \"这是一个超过十六字节的菜单名\"", StringComparison.Ordinal);
        var located = await (await Operator.PostAsJsonAsync("/admin/api/menu/validate", new { json = longName })).Content.ReadFromJsonAsync<JsonElement>();
        var item = Assert.Single(located.GetProperty("items").EnumerateArray());
        Assert.Equal(0, item.GetProperty("button").GetInt32()); // beside the first top-level button, in Chinese
        Assert.Contains("字节", item.GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await Operator.PutAsJsonAsync("/admin/api/menu", new { json = withoutWayOut })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Operator.PutAsJsonAsync("/admin/api/menu", new { json = "{not json" })).StatusCode);

        var edited = template.Replace("领优惠券", "春季领券", StringComparison.Ordinal);
        Assert.NotEqual(template, edited);
        Assert.True((await (await Operator.PostAsJsonAsync("/admin/api/menu/validate", new { json = edited })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("valid")
            .GetBoolean());
        Assert.Equal(HttpStatusCode.Accepted, (await Operator.PutAsJsonAsync("/admin/api/menu", new { json = edited })).StatusCode);

        // The job publishes it to (the sandbox's) WeChat with {base} expanded.
        await Eventually.TrueAsync(
            () => Task.FromResult(App.Sandbox.MenuJson?.Contains("春季领券", StringComparison.Ordinal) == true),
            "the edited menu reaches WeChat");
        Assert.Contains(App.BaseUrl, App.Sandbox.MenuJson);
        var now = await Operator.GetFromJsonAsync<JsonElement>("/admin/api/menu");
        Assert.StartsWith("revision ", now.GetProperty("origin").GetString());
        Assert.Equal("test-operator", now.GetProperty("publishedBy").GetString());
    }
}
