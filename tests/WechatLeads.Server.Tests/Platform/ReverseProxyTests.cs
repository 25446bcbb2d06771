using System.Net;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Platform;

/// <summary>
/// Behind a load balancer, per-address limits must count followers, not the balancer — and only a listed
/// balancer may say who the follower is.
/// </summary>
public sealed class ReverseProxyTests
{
    private static async Task<HttpStatusCode[]> PagesFromAsync(WechatLeadsFactory app, params string[] forwardedFor)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };
        var statuses = new List<HttpStatusCode>();
        foreach (var address in forwardedFor)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/h5/c/spring-coupon");
            request.Headers.Add("X-Forwarded-For", address);
            statuses.Add((await http.SendAsync(request)).StatusCode);
        }
        return [.. statuses];
    }

    [Fact]
    public async Task A_trusted_balancer_forwards_each_followers_address_to_the_limits()
    {
        await using var app = new WechatLeadsFactory(kestrel: true, runJobs: false, settings: new Dictionary<string, string?>
        {
            ["RateLimits:PagesPerIpPerMinute"] = "2",
            ["ReverseProxy:TrustedNetworks:0"] = "127.0.0.1",
        });
        app.CreateClient();

        var statuses = await PagesFromAsync(app, "203.0.113.1", "203.0.113.1", "203.0.113.1", "203.0.113.2");

        Assert.NotEqual(HttpStatusCode.TooManyRequests, statuses[0]);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, statuses[1]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[2]); // the first follower's own limit
        Assert.NotEqual(HttpStatusCode.TooManyRequests, statuses[3]); // another follower behind the same balancer
    }

    [Fact]
    public async Task Forwarded_headers_from_an_unlisted_peer_are_ignored()
    {
        await using var app = new WechatLeadsFactory(kestrel: true, runJobs: false, settings: new Dictionary<string, string?>
        {
            ["RateLimits:PagesPerIpPerMinute"] = "2",
        });
        app.CreateClient();

        var statuses = await PagesFromAsync(app, "203.0.113.1", "203.0.113.2", "203.0.113.3");

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[2]); // a client can't pick a fresh address per request
    }

    [Fact]
    public async Task A_trusted_network_that_is_not_an_address_stops_the_start()
    {
        await using var app = new WechatLeadsFactory(runJobs: false, settings: new Dictionary<string, string?>
        {
            ["ReverseProxy:TrustedNetworks:0"] = "the-balancer",
        });
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("ReverseProxy:TrustedNetworks", error.ToString());
    }
}
