using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Coupons;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Promotions;

/// <summary>The POS API and the wallet: a coupon won in the sandbox, shown as a token, redeemed once at the till.</summary>
public sealed class RedemptionTests() : HostedTests(StoreKeys())
{
    public const string Sh001Key = "till-sh001-0123456789abcdef";
    public const string Sh002Key = "till-sh002-0123456789abcdef";

    public static Dictionary<string, string?> StoreKeys(string reversalMinutes = "30") => new()
    {
        ["Admin:ApiKeys:2:Name"] = "till-sh001",
        ["Admin:ApiKeys:2:Key"] = Sh001Key,
        ["Admin:ApiKeys:2:Role"] = "Store",
        ["Admin:ApiKeys:2:Store"] = "SH001",
        ["Admin:ApiKeys:3:Name"] = "till-sh002",
        ["Admin:ApiKeys:3:Key"] = Sh002Key,
        ["Admin:ApiKeys:3:Role"] = "Store",
        ["Admin:ApiKeys:3:Store"] = "SH002",
        ["Coupons:ReversalWindowMinutes"] = reversalMinutes,
        ["RateLimits:ParticipationsPerIpPerMinute"] = "100000",
    };

    /// <summary>A follower joins spring-coupon and reads 我的券 as the mini-program does.</summary>
    internal static async Task<JsonElement> WinCouponAsync(WechatLeadsFactory app, string phone = "13800138000", string slug = "spring-coupon")
    {
        var mp = await MiniProgramClient.LoginAsync(app);
        var joined = await mp.JoinAsync(slug, phone);
        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        var wallet = await mp.Http.GetFromJsonAsync<JsonElement>("/api/me/coupons");
        return wallet.EnumerateArray().Single();
    }

    internal static Task<HttpResponseMessage> RedeemAsync(WechatLeadsFactory app, string key, object body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/redemptions") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return app.CreateClient().SendAsync(request);
    }

    /// <summary>The minutely job that writes redemptions into the audit log, run now.</summary>
    internal static async Task<int> RunAuditAsync(WechatLeadsFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditRedemptions>().RunAsync(CancellationToken.None);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage r) => await r.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task A_won_coupon_is_in_the_wallet_with_a_token_and_is_redeemed_once_and_refused_at_a_second_store_with_when_and_where()
    {
        var coupon = await WinCouponAsync(App);
        Assert.Equal("issued", coupon.GetProperty("state").GetString());
        Assert.StartsWith("有效期至", coupon.GetProperty("validity").GetString());
        var token = coupon.GetProperty("token").GetString()!;
        Assert.Equal(24, token.Length);
        Assert.DoesNotContain(coupon.GetProperty("code").GetString()!, token);

        var first = await RedeemAsync(App, Sh001Key, new { token, store = "SH001", orderId = "POS-1", amount = 25.5m }, "pos-order-1");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var redemption = await JsonAsync(first);
        Assert.Equal("SH001", redemption.GetProperty("store").GetString());
        Assert.Equal("上海南京西路店", redemption.GetProperty("storeName").GetString());
        Assert.Equal("138****8000", redemption.GetProperty("maskedPhone").GetString());

        var second = await RedeemAsync(App, Sh002Key, new { code = coupon.GetProperty("code").GetString(), store = "SH002" }, "pos-order-2");
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var refusal = await JsonAsync(second);
        Assert.Equal("coupon_redeemed", refusal.GetProperty("code").GetString());
        Assert.Equal("SH001", refusal.GetProperty("redeemedStore").GetString());
        Assert.Contains("上海南京西路店", refusal.GetProperty("detail").GetString());

        Assert.Equal(1, await RunAuditAsync(App));
        Assert.Equal(0, await RunAuditAsync(App)); // once only
        var audit = await App.QueryAsync(db => db.Set<AuditEntry>().Where(a => a.Action == AuditActions.CouponRedeemed).ToListAsync());
        var entry = Assert.Single(audit);
        Assert.Equal("till-sh001", entry.Actor);
        Assert.Contains("store:SH001", entry.Target);
        var wallet = await App.QueryAsync(db => db.Set<Coupon>().SingleAsync());
        Assert.Equal(CouponStates.Redeemed, wallet.State);
    }

    [Fact]
    public async Task Redemptions_and_reversals_join_the_audit_chain_between_staff_entries_and_the_chain_still_verifies()
    {
        async Task StaffActsAsync(string what)
        {
            await using var scope = App.Services.CreateAsyncScope();
            var staff = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Name, "ops")], "test"));
            await scope.ServiceProvider.GetRequiredService<AuditLog>()
                .AppendAsync(new AuditRecord(AuditActions.CampaignEdited, what), staff, "127.0.0.1", default);
        }

        await StaffActsAsync("campaign:before");
        var ids = new List<string>();
        foreach (var (phone, key) in new[] { ("13800138001", "chain-key-a"), ("13800138002", "chain-key-b"), ("13800138003", "chain-key-c") })
        {
            var coupon = await WinCouponAsync(App, phone);
            var redeemed = await RedeemAsync(App, Sh001Key, new { token = coupon.GetProperty("token").GetString(), store = "SH001" }, key);
            Assert.Equal(HttpStatusCode.Created, redeemed.StatusCode);
            ids.Add((await JsonAsync(redeemed)).GetProperty("id").GetString()!);
        }
        Assert.Equal(3, await RunAuditAsync(App));
        await StaffActsAsync("campaign:between");
        var reverse = new HttpRequestMessage(HttpMethod.Post, $"/api/redemptions/{ids[1]}/reverse");
        reverse.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Sh001Key);
        Assert.Equal(HttpStatusCode.OK, (await App.CreateClient().SendAsync(reverse)).StatusCode);
        Assert.Equal(1, await RunAuditAsync(App));
        await StaffActsAsync("campaign:after");

        var actions = await App.QueryAsync(db => db.Set<AuditEntry>().OrderBy(a => a.Sequence).Select(a => a.Action).ToListAsync());
        Assert.Equal(
            [AuditActions.CampaignEdited, AuditActions.CouponRedeemed, AuditActions.CouponRedeemed, AuditActions.CouponRedeemed,
             AuditActions.CampaignEdited, AuditActions.RedemptionReversed, AuditActions.CampaignEdited],
            actions.Where(a => a is AuditActions.CampaignEdited or AuditActions.CouponRedeemed or AuditActions.RedemptionReversed));
        await using var verifying = App.Services.CreateAsyncScope();
        var verdict = await verifying.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync(default);
        Assert.True(verdict.Intact, verdict.Problem);
        var head = await App.QueryAsync(db => db.Set<AuditHead>().SingleAsync());
        Assert.Equal(verdict.LastSequence, head.Sequence);
    }

    [Fact]
    public async Task The_same_request_twice_gives_the_same_answer_and_a_reused_key_for_another_request_is_refused()
    {
        var coupon = await WinCouponAsync(App);
        var body = new { token = coupon.GetProperty("token").GetString(), store = "SH001", orderId = "A-1", amount = 10m };
        var first = await RedeemAsync(App, Sh001Key, body, "same-key-123");
        var again = await RedeemAsync(App, Sh001Key, body, "same-key-123");

        Assert.Equal(first.StatusCode, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await App.CountAsync<Redemption>());

        var reused = await RedeemAsync(App, Sh001Key, body with { orderId = "A-2" }, "same-key-123");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("idempotency_key_reused", (await JsonAsync(reused)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Callers_are_checked_a_key_is_required_and_a_till_redeems_only_at_its_own_store()
    {
        var coupon = await WinCouponAsync(App);
        var body = new { token = coupon.GetProperty("token").GetString(), store = "SH002" };
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().PostAsJsonAsync("/api/redemptions", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await RedeemAsync(App, WechatLeadsFactory.OperatorKey, body, "operator-key-1")).StatusCode);
        var noKey = await RedeemAsync(App, Sh002Key, body, null);
        Assert.Equal("idempotency_key_required", (await JsonAsync(noKey)).GetProperty("code").GetString());

        var elsewhere = await RedeemAsync(App, Sh001Key, body, "not-my-store-1");
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
        Assert.Equal("store_not_allowed", (await JsonAsync(elsewhere)).GetProperty("code").GetString());
        Assert.Equal(CouponStates.Issued, (await App.QueryAsync(db => db.Set<Coupon>().SingleAsync())).State);
    }

    [Fact]
    public async Task Forged_tokens_and_unknown_codes_are_refused_precisely()
    {
        var coupon = await WinCouponAsync(App);
        var token = coupon.GetProperty("token").GetString()!;
        var forged = token[..^1] + (token[^1] == '0' ? '1' : '0');
        var stale = await RedeemAsync(App, Sh001Key, new { token = forged, store = "SH001" }, "forged-token-1");
        Assert.Equal("token_expired", (await JsonAsync(stale)).GetProperty("code").GetString());
        var unknown = await RedeemAsync(App, Sh001Key, new { code = "LATTE5-NOSUCHCODE", store = "SH001" }, "unknown-code-1");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("coupon_unknown", (await JsonAsync(unknown)).GetProperty("code").GetString());
        var both = await RedeemAsync(App, Sh001Key, new { token, code = "X", store = "SH001" }, "both-given-1");
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Equal(0, await App.CountAsync<Redemption>());
    }

    [Fact]
    public async Task An_expired_coupon_is_refused_at_the_till_and_the_nightly_job_expires_it_once()
    {
        var coupon = await WinCouponAsync(App);
        await App.QueryAsync(db => db.Set<Coupon>().ExecuteUpdateAsync(s => s.SetProperty(c => c.ValidUntil, DateTime.UtcNow.AddMinutes(-1))));

        var refused = await RedeemAsync(App, Sh001Key, new { code = coupon.GetProperty("code").GetString(), store = "SH001" }, "expired-1");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("coupon_expired", (await JsonAsync(refused)).GetProperty("code").GetString());

        await using var scope = App.Services.CreateAsyncScope();
        var job = scope.ServiceProvider.GetRequiredService<ExpireCoupons>();
        Assert.Equal(1, await job.RunAsync(CancellationToken.None));
        Assert.Equal(0, await job.RunAsync(CancellationToken.None));
        var stored = await App.QueryAsync(db => db.Set<Coupon>().SingleAsync());
        Assert.Equal(CouponStates.Expired, stored.State);
        Assert.NotNull(stored.ExpiredAt);
        var report = await App.CreateAdminClient(WechatLeadsFactory.ComplianceKey).GetFromJsonAsync<JsonElement>("/admin/api/compliance/report?format=json");
        Assert.Equal(1, report.GetProperty("coupons").GetProperty("expired").GetInt32());
        Assert.Equal(1, report.GetProperty("coupons").GetProperty("issued").GetInt32());
    }

    [Fact]
    public async Task A_coupon_limited_to_some_stores_is_refused_elsewhere_and_names_where_it_works()
    {
        await using (var scope = App.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<CampaignFactory>().CreateAsync(new CampaignDefinition
            {
                Slug = "xujiahui-only",
                Type = CampaignTypes.Coupon,
                Title = "徐家汇店专享",
                PolicyVersion = "2026-11",
                Status = CampaignStatus.Active,
                StartsAt = DateTime.UtcNow.AddDays(-1),
                EndsAt = DateTime.UtcNow.AddDays(1),
                Coupon = new CouponDefinition { ValidDays = 7, Stores = ["SH002"], Generate = new CodeSource { Prefix = "XJH-", Count = 5 } },
            }, CancellationToken.None);
        var coupon = await WinCouponAsync(App, slug: "xujiahui-only");
        Assert.Equal("SH002", coupon.GetProperty("stores").EnumerateArray().Single().GetProperty("code").GetString());

        var here = await RedeemAsync(App, Sh001Key, new { token = coupon.GetProperty("token").GetString(), store = "SH001" }, "wrong-store-1");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, here.StatusCode);
        var refusal = await JsonAsync(here);
        Assert.Equal("coupon_not_valid_here", refusal.GetProperty("code").GetString());
        Assert.Contains("上海徐家汇店", refusal.GetProperty("detail").GetString());
        var there = await RedeemAsync(App, Sh002Key, new { token = coupon.GetProperty("token").GetString(), store = "SH002" }, "right-store-1");
        Assert.Equal(HttpStatusCode.Created, there.StatusCode);
    }

    [Fact]
    public async Task A_mistaken_redemption_is_reversed_once_by_its_store_and_the_coupon_can_be_used_again()
    {
        var coupon = await WinCouponAsync(App);
        var code = coupon.GetProperty("code").GetString();
        var redeemed = await JsonAsync(await RedeemAsync(App, Sh001Key, new { code, store = "SH001" }, "to-reverse-1"));
        var id = redeemed.GetProperty("id").GetString();

        var client = App.CreateAdminClient(Sh002Key);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/redemptions/{id}/reverse", null)).StatusCode);
        var mine = App.CreateAdminClient(Sh001Key);
        var reversed = await mine.PostAsync($"/api/redemptions/{id}/reverse", null);
        Assert.Equal(HttpStatusCode.OK, reversed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await mine.PostAsync($"/api/redemptions/{id}/reverse", null)).StatusCode);
        Assert.Equal(CouponStates.Issued, (await App.QueryAsync(db => db.Set<Coupon>().SingleAsync())).State);
        await RunAuditAsync(App);
        Assert.Equal(1, await App.QueryAsync(db => db.Set<AuditEntry>().CountAsync(a => a.Action == AuditActions.RedemptionReversed)));

        var again = await RedeemAsync(App, Sh002Key, new { code, store = "SH002" }, "after-reverse-1");
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    [Fact]
    public async Task A_retry_gets_the_first_answer_even_after_the_coupon_became_unusable()
    {
        var coupon = await WinCouponAsync(App);
        var body = new { code = coupon.GetProperty("code").GetString(), store = "SH001" };
        var first = await RedeemAsync(App, Sh001Key, body, "retry-later-1");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var id = (await JsonAsync(first)).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await App.CreateAdminClient(Sh001Key).PostAsync($"/api/redemptions/{id}/reverse", null)).StatusCode);
        var voided = await App.CreateAdminClient(WechatLeadsFactory.OperatorKey)
            .PostAsJsonAsync($"/admin/api/coupons/{coupon.GetProperty("id").GetString()}/void", new { reason = "顾客要求作废" });
        Assert.Equal(HttpStatusCode.OK, voided.StatusCode);

        var retry = await RedeemAsync(App, Sh001Key, body, "retry-later-1");
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(id, (await JsonAsync(retry)).GetProperty("id").GetString());
        var fresh = await RedeemAsync(App, Sh001Key, body, "retry-later-2");
        Assert.Equal("coupon_voided", (await JsonAsync(fresh)).GetProperty("code").GetString());
    }
}

/// <summary>With no reversal window, a redemption is final.</summary>
public sealed class RedemptionWindowTests() : HostedTests(RedemptionTests.StoreKeys(reversalMinutes: "0"))
{
    [Fact]
    public async Task A_reversal_after_the_window_is_refused_and_changes_nothing()
    {
        var coupon = await RedemptionTests.WinCouponAsync(App);
        var redeemed = await (await RedemptionTests.RedeemAsync(
            App,
            RedemptionTests.Sh001Key,
            new { code = coupon.GetProperty("code").GetString(), store = "SH001" },
            "late-key-1"))
            .Content.ReadFromJsonAsync<JsonElement>();
        var late = await App.CreateAdminClient(RedemptionTests.Sh001Key).PostAsync($"/api/redemptions/{redeemed.GetProperty("id").GetString()}/reverse", null);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal(CouponStates.Redeemed, (await App.QueryAsync(db => db.Set<Coupon>().SingleAsync())).State);
    }
}

/// <summary>Many tills, one coupon: the conditional update lets exactly one through.</summary>
public sealed class RedemptionRaceTests() : HostedTests(RedemptionTests.StoreKeys())
{
    [Fact]
    public async Task Two_hundred_tills_redeeming_one_coupon_at_once_redeem_it_exactly_once()
    {
        var coupon = await RedemptionTests.WinCouponAsync(App);
        var code = coupon.GetProperty("code").GetString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            RedemptionTests.RedeemAsync(App, i % 2 == 0 ? RedemptionTests.Sh001Key : RedemptionTests.Sh002Key,
                new { code, store = i % 2 == 0 ? "SH001" : "SH002" }, $"race-till-{i:D3}")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(199, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(1, await App.CountAsync<Redemption>());
    }
}
