using System.Net;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Server.Unsubscribe;

namespace WechatLeads.Server.Tests.Cluster;

/// <summary>
/// An instance SIGKILLed while its job is inside a WeChat call: no graceful abort, its job claim and
/// outbox lease left behind in PostgreSQL. Another instance must finish the work — once.
/// </summary>
public sealed class KilledInstanceTests
{
    [PostgresFact]
    public async Task A_host_killed_mid_job_leaves_the_job_to_the_other_which_confirms_once()
    {
        // "WeChat": a host that only serves the sandbox API over loopback, so a separate process can call it.
        await using var wechat = new WechatLeadsFactory(runJobs: false, kestrel: true);
        wechat.CreateClient();
        var dataDirectory = Directory.CreateTempSubdirectory("wl-kill-").FullName;
        var database = TestDatabase.NewDatabase(dataDirectory, out var databaseName);
        try
        {
            var shared = new Dictionary<string, string?>(database)
            {
                ["Hangfire:Storage"] = "Postgres",
                ["Hangfire:InvisibilityTimeout"] = "00:00:05",
                ["Security:EncryptionKey"] = WechatLeadsFactory.EncryptionKey,
            };
            var doomedSettings = new Dictionary<string, string?>(shared)
            {
                ["DataDirectory"] = dataDirectory,
                ["Wechat:ApiBaseUrl"] = wechat.BaseUrl + "/sandbox",
                ["Wechat:OAuthBaseUrl"] = wechat.BaseUrl + "/sandbox",
            };
            var follower = wechat.Sandbox.CreateFollower("被中断");
            follower.Subscribed = true;
            // A TD reply opens WeChat's 48-hour window; a click's 1-minute one would be shut by the time a
            // dead instance's leases run out, and WeChat would refuse the late confirmation (45015).
            follower.Interacted(isMessage: true, DateTimeOffset.UtcNow);
            var confirmationInFlight = wechat.Sandbox.StallNext("cgi-bin/message/custom/send");

            await using (var doomed = await ServerProcess.StartAsync(doomedSettings))
            {
                using var http = new HttpClient { BaseAddress = new Uri(doomed.BaseUrl) };
                var td = await http.SendAsync(new WechatPush().Safe(WechatPush.Text(follower.OpenId, "TD")));
                Assert.Equal(HttpStatusCode.OK, td.StatusCode);
                await confirmationInFlight.WaitAsync(TimeSpan.FromSeconds(60)); // its job is inside the WeChat call
                doomed.Kill();
            }
            Assert.Empty(Confirmations());

            // The survivor's clock runs past the dead run's leases (2 minutes), as the world's will by then.
            await using var survivor = new WechatLeadsFactory(
                sandbox: wechat.Sandbox,
                time: new ShiftedTimeProvider(TimeSpan.FromMinutes(3)),
                settings: shared);
            survivor.CreateClient();

            await Eventually.TrueAsync(() => Task.FromResult(Confirmations().Count == 1), "the survivor sends the confirmation");
            await Eventually.SettleAsync();
            Assert.Single(Confirmations());
            var optOut = await survivor.QueryAsync(db => db.Set<OptOut>().AsNoTracking().SingleAsync(o => o.OpenId == follower.OpenId));
            Assert.NotNull(optOut.ConfirmationSentAt);
        }
        finally
        {
            TestDatabase.Drop(databaseName!);
        }

        List<Sandbox.SandboxInboxItem> Confirmations() =>
            wechat.Sandbox.FindFollower(wechat.Sandbox.Followers.Single(f => f.Nickname == "被中断").OpenId)!
                .Inbox.Where(m => m.Text.Contains("退订", StringComparison.Ordinal)).ToList();
    }
}
