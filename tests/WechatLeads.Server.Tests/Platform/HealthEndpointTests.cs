using System.Net;
using WechatLeads.Server.Data;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Platform;

/// <summary>/healthz/live says the process answers; /healthz/ready says this instance can serve, Degraded when promised work lags.</summary>
public sealed class HealthEndpointTests : HostedTests
{
    [Fact]
    public async Task Live_and_ready_answer_healthy_and_ready_turns_degraded_but_still_serving_when_the_outbox_lags()
    {
        var client = App.CreateClient();
        var live = await client.GetAsync("/healthz/live");
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (live.StatusCode, await live.Content.ReadAsStringAsync()));
        var ready = await client.GetAsync("/healthz/ready");
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (ready.StatusCode, await ready.Content.ReadAsStringAsync()));

        // Work promised ten minutes ago and still not done (a kind no handler knows, so nothing will take it).
        await App.QueryAsync(db =>
        {
            db.Add(new OutboxMessage { Id = Ids.New(), Kind = "test.never", Payload = "{}", CreatedAt = DateTime.UtcNow.AddMinutes(-10) });
            return db.SaveChangesAsync();
        });

        var lagging = await client.GetAsync("/healthz/ready");
        var text = await lagging.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, lagging.StatusCode); // degraded, still in the load balancer
        Assert.StartsWith("Degraded", text);
        Assert.Contains("outbox", text);
        Assert.Equal("Healthy", await client.GetStringAsync("/healthz/live"));
    }
}
