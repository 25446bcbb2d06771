using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Sandbox;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Server.Tests.Promotions;
using WechatLeads.Server.Unsubscribe;
using static WechatLeads.Server.Tests.Unsubscribe.OptOutSteps;

namespace WechatLeads.Server.Tests.Cluster;

/// <summary>
/// Two hosts on one PostgreSQL database, as behind a load balancer, talking to one WeChat (a shared sandbox).
/// Every invariant must hold through the database alone.
/// </summary>
public sealed class TwoInstanceTests
{
    private static readonly Dictionary<string, string?> SharedJobs = new() { ["Hangfire:Storage"] = "Postgres" };
    private static readonly Dictionary<string, string?> Unlimited = new()
    {
        ["Hangfire:Storage"] = "Postgres",
        ["RateLimits:ParticipationsPerIpPerMinute"] = "100000"
    };

    [PostgresFact]
    public async Task Both_instances_starting_at_once_fetch_one_access_token()
    {
        var wechat = new SandboxState(TimeProvider.System);
        var a = new WechatLeadsFactory(sandbox: wechat, settings: Unlimited);
        var b = a.SameDatabase(sandbox: wechat, settings: Unlimited);
        await using (a)
        await using (b)
        {
            a.CreateClient(); // migrates first: two migrators racing on an empty database is a deployment step, not a runtime one
            await Task.WhenAll(Task.Run(() => b.CreateClient()), Task.Run(async () =>
            {
                // Both instances ask for the token at the same moment.
                await Task.WhenAll(
                    a.Services.GetRequiredKeyedService<Wechat.Api.WechatApiClient>(WechatApi.WechatClientKeys.OfficialAccount).GetAccessTokenAsync().AsTask(),
                    b.Services.GetRequiredKeyedService<Wechat.Api.WechatApiClient>(WechatApi.WechatClientKeys.OfficialAccount).GetAccessTokenAsync().AsTask());
            }));
            await Eventually.TrueAsync(() => Task.FromResult(wechat.MenuJson is not null), "the menu published by one of them");
            await Eventually.SettleAsync();
            Assert.Equal(1, wechat.TokenFetches);
        }
    }

    [PostgresFact]
    public async Task A_click_delivered_three_times_across_both_instances_gives_one_confirmation()
    {
        var wechat = new SandboxState(TimeProvider.System);
        var a = new WechatLeadsFactory(sandbox: wechat, settings: SharedJobs);
        var b = a.SameDatabase(sandbox: wechat);
        await using (a)
        await using (b)
        {
            a.CreateClient();
            b.CreateClient();
            var openId = await FollowAsync(a);
            wechat.FindFollower(openId)!.Interacted(isMessage: false, DateTimeOffset.UtcNow);
            var push = new WechatPush();
            var xml = WechatPush.Event(openId, "CLICK", "UNSUBSCRIBE");

            var responses = await Task.WhenAll(
                a.CreateClient().SendAsync(push.Safe(xml)), b.CreateClient().SendAsync(push.Safe(xml)), a.CreateClient().SendAsync(push.Safe(xml)));

            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            Assert.Single(await OptOutsAsync(a, openId));
            await Eventually.TrueAsync(() => Task.FromResult(Confirmations(wechat, openId) == 1), "one confirmation");
            await Eventually.SettleAsync();
            Assert.Equal(1, Confirmations(wechat, openId));
        }
    }

    [PostgresFact]
    public async Task Five_hundred_draws_spread_over_both_instances_give_exactly_ten_winners()
    {
        var wechat = new SandboxState(TimeProvider.System);
        var a = new WechatLeadsFactory(sandbox: wechat, settings: Unlimited);
        var b = a.SameDatabase(sandbox: wechat, settings: Unlimited);
        await using (a)
        await using (b)
        {
            a.CreateClient();
            b.CreateClient();
            await ConcurrencyTests.CreateDrawAsync(a, "cluster-rush", inventory: 10);
            var players = await MiniProgramClient.LoginManyAsync(500, i => i % 2 == 0 ? a : b);

            var responses = await Task.WhenAll(players.Select((p, i) => p.JoinAsync("cluster-rush", $"137{i:D8}")));

            Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
            var outcomes = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));
            var winners = outcomes.Where(o => o.GetProperty("outcome").GetString() == "prize").ToList();
            Assert.Equal(10, winners.Count);
            Assert.Equal(10, winners.Select(w => w.GetProperty("couponCode").GetString()).Distinct().Count());
            Assert.Equal(0, await a.QueryAsync(db => db.Set<Prize>().Where(p => p.Name == "限量奖品").Select(p => p.Remaining).SingleAsync()));
        }
    }

    [PostgresFact]
    public async Task Work_left_by_a_dead_instance_is_finished_by_the_other()
    {
        var wechat = new SandboxState(TimeProvider.System);
        var dying = new WechatLeadsFactory(runJobs: false, sandbox: wechat, settings: SharedJobs);
        var survivor = dying.SameDatabase(sandbox: wechat);
        await using (survivor)
        {
            string openId;
            await using (dying)
            {
                dying.CreateClient();
                openId = await FollowAsync(dying);
                await ClickUnsubscribeAsync(dying, openId); // acknowledged; its job is queued in the shared job storage
            }
            survivor.CreateClient();
            await Eventually.TrueAsync(() => Task.FromResult(Confirmations(wechat, openId) == 1), "the other instance sends the confirmation");
            await Eventually.SettleAsync();
            Assert.Equal(1, Confirmations(wechat, openId));
            Assert.NotNull((await OptOutsAsync(survivor, openId)).Single().ConfirmationSentAt);
        }
    }

    [PostgresFact]
    public async Task A_session_made_on_one_instance_is_valid_on_the_other_and_its_keys_are_stored_sealed()
    {
        var wechat = new SandboxState(TimeProvider.System);
        var a = new WechatLeadsFactory(sandbox: wechat);
        var b = a.SameDatabase(sandbox: wechat);
        await using (a)
        await using (b)
        {
            var cookies = new Dictionary<string, string>();
            var onA = a.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
            // The silent OAuth on instance A: start → sandbox authorize page → callback, carrying cookies by hand.
            var start = await SendWithCookiesAsync(onA, "/h5/oauth/start?returnUrl=%2Fh5%2Fme", cookies);
            var page = await (await SendWithCookiesAsync(onA, start.Headers.Location!.PathAndQuery, cookies)).Content.ReadAsStringAsync();
            var callback = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "id=\"continue\" href=\"([^\"]+)\"").Groups[1].Value);
            var signedIn = await SendWithCookiesAsync(onA, new Uri(callback).PathAndQuery, cookies);
            Assert.Equal("/h5/me", signedIn.Headers.Location!.OriginalString);

            var onB = b.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
            var me = await SendWithCookiesAsync(onB, "/h5/me", cookies);

            Assert.Equal(HttpStatusCode.OK, me.StatusCode); // B decrypted A's cookie with the shared key ring
            var keys = await a.QueryAsync(db => db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToListAsync());
            Assert.NotEmpty(keys);
            Assert.All(keys, xml => Assert.DoesNotContain("<masterKey", xml!)); // only the sealed form is stored
        }
    }

    private static async Task<HttpResponseMessage> SendWithCookiesAsync(HttpClient client, string url, Dictionary<string, string> cookies)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        var response = await client.SendAsync(request);
        foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            var pair = header.Split(';')[0].Split('=', 2);
            if (header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)) cookies.Remove(pair[0]);
            else cookies[pair[0]] = pair[1];
        }
        return response;
    }

    private static int Confirmations(SandboxState wechat, string openId) =>
        wechat.FindFollower(openId)?.Inbox.Count(m => m.Text.Contains("退订", StringComparison.Ordinal)) ?? 0;
}
