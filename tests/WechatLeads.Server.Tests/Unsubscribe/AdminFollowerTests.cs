using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WechatLeads.Server.Tests.Infrastructure;
using static WechatLeads.Server.Tests.Unsubscribe.OptOutSteps;

namespace WechatLeads.Server.Tests.Unsubscribe;

public sealed class AdminFollowerTests() : HostedTests(shareHost: true)
{

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-key-0123456789abcdefghij")]
    [InlineData("Bearer ")]
    [InlineData("Basic b3BlcmF0b3I6eA==")]
    public async Task The_follower_read_model_needs_a_valid_key(string? authorization)
    {
        var client = App.CreateClient();
        if (authorization is not null) client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        var response = await client.GetAsync("/admin/api/followers/anyone");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_follower_read_model_shows_the_opt_out_and_its_history()
    {
        var openId = await FollowAsync(App);
        await ClickUnsubscribeAsync(App, openId);
        await ConfirmationsEventuallyAsync(App, openId);
        var admin = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);

        var json = await Eventually.ReturnsAsync(
            () => admin.GetFromJsonAsync<JsonElement>($"/admin/api/followers/{openId}"),
            j => j.GetProperty("optOuts")[0].GetProperty("confirmation").GetString() == "sent", "confirmation recorded");

        Assert.Equal(openId, json.GetProperty("openId").GetString());
        Assert.True(json.GetProperty("subscribed").GetBoolean());
        Assert.True(json.GetProperty("marketingOptOut").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, json.GetProperty("optOutAt").ValueKind);
        var history = json.GetProperty("consentHistory");
        Assert.Equal(1, history.GetArrayLength());
        Assert.Equal("marketing", history[0].GetProperty("purpose").GetString());
        Assert.Equal("withdrawn", history[0].GetProperty("action").GetString());
        Assert.Equal("menu", history[0].GetProperty("channel").GetString());
    }

    [Fact]
    public async Task An_unknown_follower_is_a_404_problem()
    {
        var admin = App.CreateAdminClient(WechatLeadsFactory.ComplianceKey);
        var response = await admin.GetAsync("/admin/api/followers/nobody");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_menu_is_published_at_start_up_and_on_demand()
    {
        await Eventually.TrueAsync(() => Task.FromResult(App.Sandbox.MenuJson is not null), "start-up menu publish");
        Assert.Contains("取消订阅", App.Sandbox.MenuJson);
        Assert.Contains("UNSUBSCRIBE", App.Sandbox.MenuJson);
        Assert.Contains("http://localhost/h5/c/spring-coupon", App.Sandbox.MenuJson);

        App.Sandbox.MenuJson = null;
        var response = await App.CreateAdminClient(WechatLeadsFactory.OperatorKey).PostAsync("/admin/api/menu/sync", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Eventually.TrueAsync(() => Task.FromResult(App.Sandbox.MenuJson is not null), "on-demand menu publish");
    }

    [Fact]
    public async Task Menu_sync_needs_a_key()
    {
        var response = await App.CreateClient().PostAsync("/admin/api/menu/sync", null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
