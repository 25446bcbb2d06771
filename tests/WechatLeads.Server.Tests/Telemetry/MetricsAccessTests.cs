using System.Net;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Server.Tests.Unsubscribe;

namespace WechatLeads.Server.Tests.Telemetry;

/// <summary><c>/metrics</c>: staff (a console session or an admin API key) or the scraper's network; nobody else.</summary>
public sealed class MetricsAccessTests() : HostedTests(shareHost: true, settings: new Dictionary<string, string?>
{
    ["Telemetry:MetricsNetworks:0"] = "10.9.0.0/16",
    ["Admin:ApiKeys:2:Name"] = "till-1",
    ["Admin:ApiKeys:2:Key"] = StoreKey,
    ["Admin:ApiKeys:2:Role"] = "Store",
    ["Admin:ApiKeys:2:Store"] = "SH001",
})
{
    private const string StoreKey = "store-key-0123456789abcdef";

    [Fact]
    public async Task Staff_read_the_counters_with_an_api_key()
    {
        await OptOutSteps.FollowAsync(App);
        using var staff = App.CreateClient();
        staff.DefaultRequestHeaders.Authorization = new("Bearer", WechatLeadsFactory.OperatorKey);

        var scrape = await staff.GetAsync("/metrics");

        scrape.EnsureSuccessStatusCode();
        var text = await scrape.Content.ReadAsStringAsync();
        var pushes = text.Split('\n').Where(l => l.StartsWith("wechatleads_pushes_total{", StringComparison.Ordinal)).ToList();
        Assert.Contains(pushes, l =>
            l.Contains("kind=\"event:subscribe\"", StringComparison.Ordinal) && l.Contains("outcome=\"new\"", StringComparison.Ordinal));
        Assert.Contains("wechatleads_group_commit_batch_size", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_callers_and_store_accounts_are_refused()
    {
        using var anonymous = App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);

        using var store = App.CreateClient();
        store.DefaultRequestHeaders.Authorization = new("Bearer", StoreKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await store.GetAsync("/metrics")).StatusCode);
    }

    [Theory]
    [InlineData("10.9.3.4", 200)]
    [InlineData("10.8.3.4", 401)]
    [InlineData("::ffff:10.9.0.1", 200)]
    public async Task The_configured_network_reads_without_a_key(string address, int expected)
    {
        var answer = await App.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/metrics";
            c.Connection.RemoteIpAddress = IPAddress.Parse(address);
        });

        Assert.Equal(expected, answer.Response.StatusCode);
    }
}
