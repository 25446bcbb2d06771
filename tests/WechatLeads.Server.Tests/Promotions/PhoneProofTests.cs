using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Leads;
using WechatLeads.Server.PhoneProof;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Promotions;

/// <summary>
/// A typed number counts only once the code sent to it comes back: from the same person, within ten minutes and
/// five tries, once. Sending codes is capped per number and per person, and never tells anyone about a number.
/// </summary>
public sealed class PhoneProofTests : IAsyncLifetime
{
    private readonly AdjustableClock _clock = new(DateTimeOffset.UtcNow);
    private readonly WechatLeadsFactory _app;

    public PhoneProofTests() => _app = new WechatLeadsFactory(time: _clock, settings: new Dictionary<string, string?>
    {
        ["RateLimits:PhoneCodesPerPersonPerMinute"] = "1000", // the database's caps are under test here, not the per-minute window
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_typed_number_joins_only_with_its_code_and_the_code_proves_one_participation()
    {
        var mp = await MiniProgramClient.LoginAsync(_app);
        var consents = MiniProgramClient.Consents();
        await AssertProblem(await mp.ParticipateAsync("spring-coupon", new { consents, phone = "13800138000" }), 422, "sms_code_required");
        await AssertProblem(await mp.ParticipateAsync("spring-coupon", new { consents, phone = "13800138000", smsCode = "123456" }), 422, "sms_code_required");

        var sent = await mp.Http.PostAsJsonAsync("/api/phone-codes", new { phone = "138 0013 8000" });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var body = await sent.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(600, body.GetProperty("expiresInSeconds").GetInt32());
        Assert.InRange(body.GetProperty("resendAfterSeconds").GetInt32(), 59, 60);
        var code = _app.LatestSmsCode("13800138000");
        Assert.Matches("^[0-9]{6}$", code);
        Assert.DoesNotContain(await _app.QueryAsync(db => db.Set<PhoneVerification>().Select(v => v.CodeHash).ToListAsync()), h => h.Contains(code));

        await AssertProblem(
            await mp.ParticipateAsync("spring-coupon", new { consents, phone = "13800138000", smsCode = Wrong(code) }),
            422,
            "sms_code_invalid");
        Assert.Equal(0, await _app.CountAsync<Lead>());
        var joined = await mp.ParticipateAsync("spring-coupon", new { consents, phone = "13800138000", smsCode = code });
        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        var lead = await _app.QueryAsync(db => db.Set<Lead>().AsNoTracking().SingleAsync());
        Assert.Equal("sms", lead.PhoneProof);

        // Spent: it can't prove a second participation, here or in another campaign.
        await AssertProblem(await mp.ParticipateAsync("lucky-draw", new { consents, phone = "13800138000", smsCode = code }), 422, "sms_code_expired");
        // Another person can't use a code sent to someone else's session.
        var stranger = await MiniProgramClient.LoginAsync(_app);
        await AssertProblem(await stranger.ParticipateAsync("lucky-draw", new { consents, phone = "13800138000", smsCode = code }), 422, "sms_code_required");
    }

    [Fact]
    public async Task A_code_allows_five_tries_and_lasts_ten_minutes()
    {
        var mp = await MiniProgramClient.LoginAsync(_app);
        var consents = MiniProgramClient.Consents();
        var code = await mp.SmsCodeAsync("13800138001");
        for (var i = 0; i < PhoneCodeRules.MaxTries - 1; i++)
            await AssertProblem(
                await mp.ParticipateAsync("spring-coupon", new { consents, phone = "13800138001", smsCode = Wrong(code) }),
                422,
                "sms_code_invalid");
        await AssertProblem(
            await mp.ParticipateAsync("spring-coupon", new { consents, phone = "13800138001", smsCode = Wrong(code) }),
            422,
            "sms_code_expired");
        await AssertProblem(await mp.ParticipateAsync("spring-coupon", new { consents, phone = "13800138001", smsCode = code }), 422, "sms_code_expired");

        _clock.Advance(TimeSpan.FromMinutes(2));
        var fresh = await mp.SmsCodeAsync("13800138001");
        _clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        await AssertProblem(await mp.ParticipateAsync("spring-coupon", new { consents, phone = "13800138001", smsCode = fresh }), 422, "sms_code_expired");
        Assert.Equal(0, await _app.CountAsync<Lead>());
    }

    [Fact]
    public async Task Resending_waits_a_minute_and_a_number_gets_at_most_five_codes_an_hour_whoever_asks()
    {
        var mp = await MiniProgramClient.LoginAsync(_app);
        Assert.Equal(HttpStatusCode.Accepted, (await mp.Http.PostAsJsonAsync("/api/phone-codes", new { phone = "13800138002" })).StatusCode);
        var tooSoon = await mp.Http.PostAsJsonAsync("/api/phone-codes", new { phone = "13800138002" });
        await AssertProblem(tooSoon, 429, "sms_code_too_soon");
        Assert.InRange(int.Parse(tooSoon.Headers.RetryAfter!.ToString()), 1, 60);

        for (var i = 1; i < PhoneCodeRules.PerNumberPerHour; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(61));
            Assert.Equal(HttpStatusCode.Accepted, (await mp.Http.PostAsJsonAsync("/api/phone-codes", new { phone = "13800138002" })).StatusCode);
        }
        var other = await MiniProgramClient.LoginAsync(_app); // the cap is the number's, not the asker's
        await AssertProblem(await other.Http.PostAsJsonAsync("/api/phone-codes", new { phone = "13800138002" }), 429, "sms_code_limit");
        Assert.Equal(PhoneCodeRules.PerNumberPerHour, _app.Sandbox.SmsMessages.Count(m => m.Phone == "13800138002"));

        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.Accepted, (await other.Http.PostAsJsonAsync("/api/phone-codes", new { phone = "13800138002" })).StatusCode);
    }

    [Fact]
    public async Task A_person_gets_at_most_ten_codes_a_day()
    {
        var mp = await MiniProgramClient.LoginAsync(_app);
        for (var i = 0; i < PhoneCodeRules.PerPersonPerDay; i++)
            Assert.Equal(HttpStatusCode.Accepted, (await mp.Http.PostAsJsonAsync("/api/phone-codes", new { phone = $"1390000{i:D4}" })).StatusCode);
        await AssertProblem(await mp.Http.PostAsJsonAsync("/api/phone-codes", new { phone = "13900009999" }), 429, "sms_code_limit");
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(HttpStatusCode.Accepted, (await mp.Http.PostAsJsonAsync("/api/phone-codes", new { phone = "13900009999" })).StatusCode);
    }

    [Fact]
    public async Task Asking_for_a_code_answers_alike_for_a_number_we_hold_and_one_we_dont()
    {
        var owner = await MiniProgramClient.LoginAsync(_app);
        Assert.Equal(HttpStatusCode.Created, (await owner.JoinAsync("spring-coupon", "13800138003", marketing: true)).StatusCode);
        var stranger = await MiniProgramClient.LoginAsync(_app);

        var known = await stranger.Http.PostAsJsonAsync("/api/phone-codes", new { phone = "13800138003" });
        var unknown = await stranger.Http.PostAsJsonAsync("/api/phone-codes", new { phone = "13800138004" });
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await known.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Parallel_requests_never_send_a_number_more_than_five_codes_and_a_code_is_spent_once()
    {
        var players = await MiniProgramClient.LoginManyAsync(20, _ => _app);
        var answers = await Task.WhenAll(players.Select(p => p.Http.PostAsJsonAsync("/api/phone-codes", new { phone = "13800138005" })));
        Assert.Equal(PhoneCodeRules.PerNumberPerHour, answers.Count(a => a.StatusCode == HttpStatusCode.Accepted));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Accepted), a => Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode));

        var mp = await MiniProgramClient.LoginAsync(_app);
        var code = await mp.SmsCodeAsync("13800138006");
        var joins = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => mp.ParticipateAsync("lucky-draw",
            new { consents = MiniProgramClient.Consents(), phone = "13800138006", smsCode = code }, idempotencyKey: $"parallel-try-{i}")));
        Assert.Equal(1, joins.Count(j => j.StatusCode == HttpStatusCode.Created));
        Assert.Equal(1, await _app.QueryAsync(db => db.Set<ParticipationRecord>().CountAsync()));
    }

    [Fact]
    public async Task A_number_typed_before_proof_was_required_never_speaks_for_the_person_who_proves_it()
    {
        // A stranger's lead from before proof was required: the migration keeps it, unproven.
        var stranger = await MiniProgramClient.LoginAsync(_app);
        Assert.Equal(HttpStatusCode.Created, (await stranger.JoinAsync("spring-coupon", "13800138010", marketing: true)).StatusCode);
        await _app.QueryAsync(db => db.Set<Person>().ExecuteUpdateAsync(s => s.SetProperty(p => p.Proven, false)));
        await _app.QueryAsync(db => db.Set<Lead>().ExecuteUpdateAsync(s => s.SetProperty(l => l.PhoneProof, (string?)null)));

        // The owner proves the number: their own coupon, not limit_reached.
        var owner = await MiniProgramClient.LoginAsync(_app);
        Assert.Equal(HttpStatusCode.Created, (await owner.JoinAsync("spring-coupon", "13800138010", marketing: true)).StatusCode);
        var persons = await _app.QueryAsync(db => db.Set<Person>().AsNoTracking().OrderBy(p => p.Proven).ToListAsync());
        Assert.Equal([false, true], persons.Select(p => p.Proven));

        // Only the proven number is a marketing audience, in the console and in a send.
        var operatorClient = _app.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        var leads = await operatorClient.GetFromJsonAsync<JsonElement>("/admin/api/leads?consent=marketing");
        var only = Assert.Single(leads.GetProperty("items").EnumerateArray());
        Assert.True(only.GetProperty("phoneProven").GetBoolean());
        var audience = await _app.QueryAsync(async db =>
        {
            using var scope = _app.Services.CreateScope();
            var query = scope.ServiceProvider.GetRequiredService<WechatLeads.Server.Marketing.MarketingAudience>();
            return await query.Query(new WechatLeads.Server.Marketing.MarketingSend { Name = "n", Channel = "sms", Text = "t", CreatedBy = "test" })
                .ToListAsync();
        });
        Assert.Equal(persons[1].Id, Assert.Single(audience).PersonId);

        // What the owner was sent is theirs: the stranger's copy doesn't show it.
        var ownerLead = await _app.QueryAsync(db => db.Set<Lead>().AsNoTracking().SingleAsync(l => l.PersonId == persons[1].Id));
        await _app.QueryAsync(async db =>
        {
            var send = new WechatLeads.Server.Marketing.MarketingSend { Name = "双十二", Channel = "sms", Text = "t", CreatedBy = "test" };
            db.Add(send);
            await db.SaveChangesAsync();
            db.Add(new WechatLeads.Server.Marketing.MarketingDelivery { SendId = send.Id, PersonId = persons[1].Id, LeadId = ownerLead.Id, Status = "sent" });
            db.Add(new WechatLeads.Server.Marketing.MarketingDelivery { SendId = send.Id, PersonId = persons[0].Id, LeadId = ownerLead.Id, Status = "sent" });
            return await db.SaveChangesAsync();
        });
        Assert.Single((await owner.Http.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("marketingMessages").EnumerateArray());
        Assert.Empty((await stranger.Http.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("marketingMessages").EnumerateArray());
    }

    [Fact]
    public async Task A_wechat_that_cannot_verify_the_number_now_is_a_503_to_try_again_not_a_500()
    {
        var mp = await MiniProgramClient.LoginAsync(_app);
        _app.Sandbox.InjectFault("wxa/business/getuserphonenumber", 45009); // WeChat's daily API quota
        await AssertProblem(await mp.JoinAsync("spring-coupon", "13800138020"), 503, "wechat_phone_unavailable");
        Assert.Equal(0, await _app.CountAsync<Lead>());
        Assert.Equal(HttpStatusCode.Created, (await mp.JoinAsync("spring-coupon", "13800138020")).StatusCode); // later, it works
    }

    private static string Wrong(string code) => code == "000000" ? "111111" : "000000";

    private static async Task AssertProblem(HttpResponseMessage response, int status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal(code, JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
    }
}
