using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Server.Unsubscribe;

namespace WechatLeads.Server.Tests.Cluster;

/// <summary>
/// A rolling deploy: the instance gets SIGTERM while WeChat is pushing TD replies at it. It stops accepting, answers
/// what it took, hands back the follow-ups it could not finish and exits in time; the next start sends every
/// confirmation the stopped instance owed — each once — and every acknowledged opt-out is in the database.
/// </summary>
public sealed class GracefulStopTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Followers = 120;
    private const int Senders = 8;

    [Fact]
    public async Task Sigterm_under_load_loses_nothing_acknowledged_and_the_next_start_confirms_each_once()
    {
        await using var wechat = new WechatLeadsFactory(runJobs: false, kestrel: true);
        wechat.CreateClient();
        var dataDirectory = Directory.CreateTempSubdirectory("wl-stop-").FullName;
        var database = TestDatabase.NewDatabase(dataDirectory, out var databaseName);
        try
        {
            var settings = new Dictionary<string, string?>(database)
            {
                ["DataDirectory"] = dataDirectory,
                ["Security:EncryptionKey"] = WechatLeadsFactory.EncryptionKey,
                ["Wechat:ApiBaseUrl"] = wechat.BaseUrl + "/sandbox",
                ["Wechat:OAuthBaseUrl"] = wechat.BaseUrl + "/sandbox",
            };
            var openIds = Enumerable.Range(0, Followers).Select(i =>
            {
                var follower = wechat.Sandbox.CreateFollower($"滚动发布{i}");
                follower.Subscribed = true;
                follower.Interacted(isMessage: true, DateTimeOffset.UtcNow); // the TD reply's 48-hour window, as WeChat keeps it
                return follower.OpenId;
            }).ToList();
            // Confirmations take a while at "WeChat", so follow-up jobs are mid-run when the signal comes.
            wechat.Sandbox.InjectDelay("cgi-bin/message/custom/send", TimeSpan.FromMilliseconds(150));

            var acknowledged = new ConcurrentBag<string>();
            var stopwatch = new Stopwatch();
            int? exitCode;
            await using (var server = await ServerProcess.StartAsync(settings))
            {
                using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
                foreach (var openId in openIds) // they follow first, so each TD is owed a confirmation
                    Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(new WechatPush().Safe(WechatPush.Event(openId, "subscribe")))).StatusCode);

                var queue = new ConcurrentQueue<string>(openIds);
                var senders = Enumerable.Range(0, Senders).Select(_ => Task.Run(async () =>
                {
                    while (queue.TryDequeue(out var openId))
                    {
                        try
                        {
                            var answer = await http.SendAsync(new WechatPush().Safe(WechatPush.Text(openId, "TD")));
                            if (answer.StatusCode == HttpStatusCode.OK) acknowledged.Add(openId);
                        }
                        catch (HttpRequestException)
                        {
                            // Refused once the instance stopped listening: not acknowledged, so WeChat would retry elsewhere.
                        }
                    }
                })).ToList();
                await Eventually.TrueAsync(() => Task.FromResult(acknowledged.Count >= Followers / 3), "a third of the TDs acknowledged");
                stopwatch.Start();
                exitCode = await server.TerminateAsync(TimeSpan.FromSeconds(45));
                stopwatch.Stop();
                await Task.WhenAll(senders);
            }

            Assert.True(exitCode == 0, $"exit code {exitCode?.ToString() ?? "none: still running after 45 s"}");
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"stopped in {stopwatch.Elapsed}, beyond the host's 30 s shutdown timeout");

            output.WriteLine($"{acknowledged.Count} of {Followers} TDs acknowledged; stopped in {stopwatch.Elapsed.TotalSeconds:F1} s with "
                + $"{openIds.Count(o => Confirmations(o) > 0)} confirmations sent; the rest are the next start's");
            await using var next = new WechatLeadsFactory(sandbox: wechat.Sandbox, settings: settings);
            next.CreateClient();
            var stored = (await next.QueryAsync(db => db.Set<OptOut>().AsNoTracking().Select(o => o.OpenId!).ToListAsync())).ToHashSet();
            var lost = acknowledged.Where(a => !stored.Contains(a)).ToList();
            Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged TDs are not in the database");
            await Eventually.TrueAsync(() => Task.FromResult(stored.All(o => Confirmations(o) >= 1)),
                "a confirmation for every stored opt-out", seconds: 120);
            await Eventually.SettleAsync();
            Assert.All(openIds, o => Assert.True(Confirmations(o) <= 1, $"{Confirmations(o)} confirmations for one opt-out"));
        }
        finally
        {
            if (databaseName is not null) TestDatabase.Drop(databaseName);
        }

        int Confirmations(string openId) =>
            wechat.Sandbox.FindFollower(openId)!.Inbox.Count(m => m.Text.Contains("退订", StringComparison.Ordinal));
    }
}
