using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Server.Tests.Telemetry;

namespace WechatLeads.Server.Tests.Messaging;

/// <summary>
/// Refused pushes and verifications are anonymous input: a flood of them must not become a flood of log lines
/// (disk, log shipping, real warnings drowned). The first is logged, the rest counted into a line a minute.
/// </summary>
public sealed class RefusedPushLogTests : HostedTests
{
    private readonly CapturingLoggerProvider _logs = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(_logs);

    [Fact]
    public async Task Two_hundred_forged_pushes_and_verifications_leave_one_line_each()
    {
        var client = App.CreateClient();
        var push = new WechatPush();
        for (var i = 0; i < 100; i++)
        {
            var forged = push.Safe(WechatPush.Event(WechatPush.NewOpenId(), "CLICK", "UNSUBSCRIBE"), msgSignature: new string('b', 40));
            var refused = await client.SendAsync(forged);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            var verification = await client.GetAsync($"/wechat?signature={new string('0', 40)}&timestamp={WechatPush.Now}&nonce=1&echostr=x");
            Assert.Equal(HttpStatusCode.Unauthorized, verification.StatusCode);
        }

        var lines = _logs.Entries.Where(e => e.Contains("Refused", StringComparison.Ordinal)).ToList();
        Assert.Single(lines, l => l.Contains("WeChat push", StringComparison.Ordinal) && l.Contains("msg_signature invalid", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("server-URL verification", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count);
    }
}
