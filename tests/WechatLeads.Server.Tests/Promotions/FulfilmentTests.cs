using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Coupons;
using WechatLeads.Server.Fulfilment;
using WechatLeads.Server.Retention;
using WechatLeads.Server.Stores;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Promotions;

/// <summary>Physical prizes from the draw to the doorstep: the winner's address, staff moves, the claim deadline, retention and erasure.</summary>
public sealed partial class FulfilmentTests : IAsyncLifetime
{
    private const string Slug = "coffee-year";
    private const string PrizeName = "全年咖啡卡";
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private WechatLeadsFactory _app = null!;

    public async Task InitializeAsync()
    {
        // The deadline job is run by the tests themselves, at the moments they choose.
        _app = new WechatLeadsFactory(runJobs: false, time: _clock, settings: new Dictionary<string, string?>
        {
            ["RateLimits:ParticipationsPerIpPerMinute"] = "100000",
            ["Marketing:SenderName"] = "示例咖啡",
        });
        _app.CreateClient();
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CampaignFactory>().CreateAsync(new CampaignDefinition
        {
            Slug = Slug,
            Type = CampaignTypes.LuckyDraw,
            Title = "赢全年咖啡",
            PolicyVersion = "2026-12",
            Status = CampaignStatus.Active,
            StartsAt = DateTime.UtcNow.AddDays(-1),
            EndsAt = DateTime.UtcNow.AddDays(60),
            Draw = new DrawDefinition
            {
                NoWinWeight = 0,
                PerDay = 5,
                Total = 5,
                Prizes = [new PrizeDefinition { Name = PrizeName, Weight = 1, Inventory = 5, ClaimDays = 7 }]
            },
        }, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private HttpClient Operator => _app.CreateAdminClient(WechatLeadsFactory.OperatorKey);

    private static object Consents => MiniProgramClient.Consents("2026-12");

    /// <summary>A winner in the mini-program: every draw of this campaign wins the physical prize.</summary>
    private async Task<(MiniProgramClient Mp, string Id)> WinAsync(string phone = "13800138000")
    {
        var mp = await MiniProgramClient.LoginAsync(_app);
        var response = await mp.ParticipateAsync(Slug, new { consents = Consents, phoneCode = mp.PhoneCode(phone) });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("prize", body.GetProperty("outcome").GetString());
        return (mp, body.GetProperty("participationId").GetString()!);
    }

    private static Task<HttpResponseMessage> GiveAddressAsync(MiniProgramClient mp, string id, bool agree = true) =>
        mp.Http.PostAsJsonAsync($"/api/me/prizes/{id}/address",
            new { method = "delivery", name = "张三丰", phone = "13912345678", address = "上海市静安区南京西路1号2单元301室", agree });

    private Task<PrizeFulfilment> RowAsync(string id) => _app.QueryAsync(db => db.Set<PrizeFulfilment>().AsNoTracking().SingleAsync(f => f.Id == id));

    private Task<int> RemainingAsync() => _app.QueryAsync(db => db.Set<Prize>()
        .Where(p => db.Set<Campaign>().Any(c => c.Id == p.CampaignId && c.Slug == Slug)).Select(p => p.Remaining).SingleAsync());

    private async Task<ClaimDeadlines.RunResult> RunDeadlinesAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ClaimDeadlines>().RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Winning_a_physical_prize_creates_a_fulfilment_awaiting_an_address_with_the_prize_claim_days()
    {
        var (mp, id) = await WinAsync();

        var row = await RowAsync(id);
        Assert.Equal(FulfilmentStates.AwaitingAddress, row.State);
        Assert.Equal(_clock.GetUtcNow().UtcDateTime.AddDays(7), row.ClaimBy, TimeSpan.FromSeconds(5));
        Assert.Equal(4, await RemainingAsync());
        var mine = await mp.Http.GetFromJsonAsync<JsonElement>("/api/me/prizes");
        var prize = Assert.Single(mine.EnumerateArray());
        Assert.Equal("awaiting_address", prize.GetProperty("state").GetString());
        Assert.Equal("待填写收货信息", prize.GetProperty("stateText").GetString());
        // Someone else's prize is not theirs to see or address.
        var stranger = await MiniProgramClient.LoginAsync(_app);
        Assert.Empty((await stranger.Http.GetFromJsonAsync<JsonElement>("/api/me/prizes")).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await GiveAddressAsync(stranger, id)).StatusCode);
    }

    [Fact]
    public async Task The_address_is_stored_encrypted_with_a_delivery_consent_and_staff_see_it_masked_only()
    {
        var (mp, id) = await WinAsync();

        var refused = await GiveAddressAsync(mp, id, agree: false);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("delivery_consent_required", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await GiveAddressAsync(mp, id)).StatusCode);

        var row = await RowAsync(id);
        Assert.Equal(FulfilmentStates.Ready, row.State);
        Assert.NotNull(row.AddressCipher);
        foreach (var plain in new[] { "张三丰", "13912345678", "南京西路" }) Assert.DoesNotContain(plain, row.AddressCipher);
        var consent = await _app.QueryAsync(db => db.Set<ConsentEvent>().AsNoTracking().SingleAsync(e => e.Purpose == ConsentPurposes.Delivery));
        Assert.Equal((ConsentActions.Granted, Slug, "2026-12"), (consent.Action, consent.Scope, consent.PolicyVersion));
        Assert.NotNull(consent.PolicyHash);

        var list = await Operator.GetStringAsync($"/admin/api/fulfilments?campaign={Slug}&state=ready");
        Assert.Contains("张**", list);
        Assert.Contains("139****5678", list);
        Assert.Contains("上海市静安区****", list);
        foreach (var plain in new[] { "张三丰", "13912345678", "南京西路" }) Assert.DoesNotContain(plain, list);
        var console = await Operator.GetStringAsync("/admin/fulfilments");
        Assert.Contains("139****5678", console);
        foreach (var plain in new[] { "张三丰", "13912345678", "南京西路" }) Assert.DoesNotContain(plain, console);
        // The winner sees their own address in full.
        Assert.Contains("南京西路", await mp.Http.GetStringAsync("/api/me/prizes"));
    }

    [Fact]
    public async Task The_h5_result_page_leads_to_the_address_form_which_explains_its_purpose_and_saves_the_address()
    {
        var browser = await SignedInBrowserAsync();
        var form = HiddenFields(await (await browser.GetAsync($"/h5/c/{Slug}")).Content.ReadAsStringAsync());
        form["phone"] = "13800138000";
        form["consentService"] = "yes";
        var sent = await browser.PostAsync($"/h5/c/{Slug}", new FormUrlEncodedContent(new Dictionary<string, string>(form) { ["action"] = "send-code" }));
        form = HiddenFields(await sent.Content.ReadAsStringAsync());
        (form["phone"], form["consentService"], form["smsCode"]) = ("13800138000", "yes", _app.LatestSmsCode("13800138000"));

        var result = await (await browser.PostAsync($"/h5/c/{Slug}", new FormUrlEncodedContent(form))).Content.ReadAsStringAsync();
        Assert.Contains("填写收货地址", result);
        Assert.DoesNotContain("工作人员将通过您留下的手机号联系您领奖", result);
        var link = Regex.Match(result, "id=\"claim-prize\" href=\"([^\"]+)\"").Groups[1].Value;
        var page = await (await browser.GetAsync(link)).Content.ReadAsStringAsync();
        Assert.Contains("仅用于寄送本奖品", page);
        Assert.Contains("30 天", page);
        Assert.DoesNotContain("checked\">我已阅读", page);

        var address = HiddenFields(page);
        address["method"] = "delivery";
        address["name"] = "李四";
        address["phone"] = "13700001111";
        address["address"] = "北京市朝阳区建国路88号";
        var notAgreed = await browser.PostAsync(link, new FormUrlEncodedContent(address));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notAgreed.StatusCode);
        address = HiddenFields(await notAgreed.Content.ReadAsStringAsync());
        (address["method"], address["name"], address["phone"], address["address"], address["agree"]) = ("delivery", "李四", "13700001111", "北京市朝阳区建国路88号", "yes");
        var saved = await browser.PostAsync(link, new FormUrlEncodedContent(address));
        Assert.Contains("claim-saved", await saved.Content.ReadAsStringAsync());

        var id = link.Split('/')[^1];
        Assert.Equal(FulfilmentStates.Ready, (await RowAsync(id)).State);
        Assert.Contains("待发货", await browser.GetStringAsync("/h5/me/prizes"));
        Assert.True(await _app.QueryAsync(db => db.Set<ConsentEvent>().AnyAsync(e => e.Purpose == ConsentPurposes.Delivery && e.Channel == "h5")));
        // A forged post without the antiforgery token changes nothing.
        var forged = await browser.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string> { ["method"] = "pickup", ["agree"] = "yes" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task Staff_ship_then_deliver_and_moves_from_the_wrong_state_are_refused_and_every_move_is_audited()
    {
        var (mp, id) = await WinAsync();
        var staff = Operator;
        Assert.Equal(
            HttpStatusCode.Conflict,
            (await staff.PostAsJsonAsync($"/admin/api/fulfilments/{id}/ship", new { carrier = "顺丰", trackingNumber = "SF1234567890" })).StatusCode);
        await GiveAddressAsync(mp, id);

        var early = await staff.PostAsync($"/admin/api/fulfilments/{id}/deliver", null);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        var problem = await early.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("wrong_state", "ready"), (problem.GetProperty("code").GetString(), problem.GetProperty("state").GetString()));
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await staff.PostAsJsonAsync($"/admin/api/fulfilments/{id}/ship", new { carrier = "顺丰", trackingNumber = "" })).StatusCode);
        Assert.Equal(
            HttpStatusCode.NoContent,
            (await staff.PostAsJsonAsync($"/admin/api/fulfilments/{id}/ship", new { carrier = "顺丰", trackingNumber = "SF1234567890" })).StatusCode);
        Assert.Equal(
            HttpStatusCode.Conflict,
            (await staff.PostAsJsonAsync($"/admin/api/fulfilments/{id}/ship", new { carrier = "圆通", trackingNumber = "YT0000000001" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await GiveAddressAsync(mp, id)).StatusCode); // shipped: the address can't change any more
        var shipped = await mp.Http.GetStringAsync("/api/me/prizes");
        Assert.Contains("SF1234567890", shipped);
        Assert.Contains("已发货", shipped);

        Assert.Equal(HttpStatusCode.NoContent, (await staff.PostAsync($"/admin/api/fulfilments/{id}/deliver", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await staff.PostAsync($"/admin/api/fulfilments/{id}/return", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PostAsync("/admin/api/fulfilments/nope/deliver", null)).StatusCode);

        var row = await RowAsync(id);
        Assert.Equal((FulfilmentStates.Delivered, "顺丰", "SF1234567890"), (row.State, row.Carrier, row.TrackingNumber));
        Assert.Equal(row.DeliveredAt!.Value.AddDays(30), row.AddressPurgeAt!.Value, TimeSpan.FromSeconds(1));
        var actions = await _app.QueryAsync(db => db.Set<AuditEntry>().Where(e => e.Target == "fulfilment:" + id).Select(e => e.Action).ToListAsync());
        Assert.Equal([FulfilmentAuditActions.Ship, FulfilmentAuditActions.Deliver], actions);
    }

    [Fact]
    public async Task A_pickup_is_ready_at_the_store_and_handed_over_without_an_address()
    {
        var (mp, id) = await WinAsync();
        const string store = "SH-JA-01";
        await _app.QueryAsync(async db =>
        {
            db.Add(new Store { Code = store, Name = "静安店", Address = "上海市静安区南京西路100号", CreatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity,
            (await mp.Http.PostAsJsonAsync($"/api/me/prizes/{id}/address", new { method = "pickup", store = "NO-SUCH-STORE", agree = true })).StatusCode);
        Assert.Equal(
            HttpStatusCode.OK,
            (await mp.Http.PostAsJsonAsync($"/api/me/prizes/{id}/address", new { method = "pickup", store, agree = true })).StatusCode);

        Assert.Equal(
            HttpStatusCode.Conflict,
            (await Operator.PostAsJsonAsync($"/admin/api/fulfilments/{id}/ship", new { carrier = "顺丰", trackingNumber = "SF1234567890" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Operator.PostAsync($"/admin/api/fulfilments/{id}/deliver", null)).StatusCode);
        var row = await RowAsync(id);
        Assert.Equal((FulfilmentStates.Delivered, FulfilmentMethods.Pickup, store, null), (row.State, row.Method, row.PickupStore, row.AddressCipher));
    }

    [Fact]
    public async Task The_tracking_csv_ships_ready_prizes_and_reports_every_refused_line_with_its_reason()
    {
        var (a, readyA) = await WinAsync("13800000001");
        var (b, readyB) = await WinAsync("13800000002");
        var (_, awaiting) = await WinAsync("13800000003");
        await GiveAddressAsync(a, readyA);
        await GiveAddressAsync(b, readyB);
        var csv = $"id,carrier,trackingNumber\n{readyA},顺丰,SF0000000001\n{awaiting},顺丰,SF0000000002\nunknown-id,顺丰,SF0000000003\n{readyB},顺丰,\n\n{readyB},中通," +
            $"ZT0000000004\n{readyA},顺丰,SF0000000005\n";

        var response = await Operator.PostAsync("/admin/api/fulfilments/tracking", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, report.GetProperty("applied").GetInt32());
        var lines = report.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("line").GetInt32());
        Assert.Equal("applied", lines[2].GetProperty("status").GetString());
        Assert.Contains("awaiting_address", lines[3].GetProperty("reason").GetString());
        Assert.Contains("no fulfilment", lines[4].GetProperty("reason").GetString());
        Assert.Contains("trackingNumber", lines[5].GetProperty("reason").GetString());
        Assert.Equal("applied", lines[7].GetProperty("status").GetString());
        Assert.Contains("earlier line", lines[8].GetProperty("reason").GetString());
        Assert.Equal(6, lines.Count);
        Assert.Equal(("SF0000000001", "ZT0000000004"), ((await RowAsync(readyA)).TrackingNumber, (await RowAsync(readyB)).TrackingNumber));
        Assert.Equal(FulfilmentStates.AwaitingAddress, (await RowAsync(awaiting)).State);
        Assert.Equal(
            2,
            await _app.QueryAsync(db => db.Set<AuditEntry>()
                .Where(e => e.Action == FulfilmentAuditActions.TrackingImported)
                .Select(e => e.RecordCount)
                .SingleAsync()));
    }

    [Fact]
    public async Task The_full_address_needs_a_reason_is_audited_and_is_given_only_while_there_is_a_parcel_to_send()
    {
        var (mp, id) = await WinAsync();
        Assert.Equal(HttpStatusCode.Conflict, (await Operator.GetAsync($"/admin/api/fulfilments/{id}/address?reason=打印快递面单")).StatusCode);
        await GiveAddressAsync(mp, id);

        Assert.Equal(HttpStatusCode.BadRequest, (await Operator.GetAsync($"/admin/api/fulfilments/{id}/address")).StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.Set<AuditEntry>().CountAsync(e => e.Action == FulfilmentAuditActions.RevealAddress)));
        var revealed = await Operator.GetFromJsonAsync<JsonElement>($"/admin/api/fulfilments/{id}/address?reason={Uri.EscapeDataString("打印快递面单")}");
        Assert.Equal("13912345678", revealed.GetProperty("address").GetProperty("phone").GetString());
        Assert.Equal("张三丰", revealed.GetProperty("address").GetProperty("name").GetString());
        var entry = await _app.QueryAsync(db => db.Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.Action == FulfilmentAuditActions.RevealAddress));
        Assert.Equal(("fulfilment:" + id, "打印快递面单", "test-operator"), (entry.Target, entry.Reason, entry.Actor));
        Assert.Equal(entry.Sequence, revealed.GetProperty("auditSequence").GetInt64());

        await Operator.PostAsJsonAsync($"/admin/api/fulfilments/{id}/ship", new { carrier = "顺丰", trackingNumber = "SF1234567890" });
        await Operator.PostAsync($"/admin/api/fulfilments/{id}/deliver", null);
        Assert.Equal(HttpStatusCode.Conflict, (await Operator.GetAsync($"/admin/api/fulfilments/{id}/address?reason=打印快递面单")).StatusCode);
    }

    [Fact]
    public async Task One_reminder_before_the_deadline_then_the_unclaimed_prize_returns_to_inventory_exactly_once()
    {
        var (_, waiting) = await WinAsync("13800000011");
        var (answered, ready) = await WinAsync("13800000012");
        await GiveAddressAsync(answered, ready);
        Assert.Equal(3, await RemainingAsync());
        var reminders = () => _app.Sandbox.SmsMessages.Where(m => m.Text.Contains("尚未填写收货信息")).ToList();

        Assert.Equal(new ClaimDeadlines.RunResult(0, 0), await RunDeadlinesAsync()); // 7 days left: too early to remind
        _clock.Advance(TimeSpan.FromDays(5)); // 2 days before the deadline
        Assert.Equal(new ClaimDeadlines.RunResult(1, 0), await RunDeadlinesAsync());
        Assert.Equal(new ClaimDeadlines.RunResult(0, 0), await RunDeadlinesAsync());
        var reminder = Assert.Single(reminders());
        Assert.Equal("13800000011", reminder.Phone);
        Assert.Contains(PrizeName, reminder.Text);
        Assert.NotNull((await RowAsync(waiting)).ReminderSentAt);

        _clock.Advance(TimeSpan.FromDays(3)); // past the deadline
        var runs = await Task.WhenAll(RunDeadlinesAsync(), RunDeadlinesAsync());
        Assert.Equal(1, runs.Sum(r => r.Unclaimed));
        Assert.Equal(0, (await RunDeadlinesAsync()).Unclaimed);
        Assert.Equal(4, await RemainingAsync());
        var row = await RowAsync(waiting);
        Assert.Equal(FulfilmentStates.Unclaimed, row.State);
        Assert.NotNull(row.UnclaimedAt);
        Assert.Equal(FulfilmentStates.Ready, (await RowAsync(ready)).State); // answered in time: untouched
        Assert.Single(reminders());
    }

    [Fact]
    public async Task A_claim_after_the_deadline_is_refused_even_before_the_job_has_run()
    {
        var (mp, id) = await WinAsync();
        _clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        var late = await GiveAddressAsync(await MiniProgramClient.LoginAsync(_app, mp.OpenId), id); // a week on: a new session
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("claim_closed", (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Null((await RowAsync(id)).AddressCipher);
    }

    [Fact]
    public async Task Retention_deletes_the_address_thirty_days_after_delivery_and_keeps_the_record()
    {
        var (mp, id) = await WinAsync();
        await GiveAddressAsync(mp, id);
        await Operator.PostAsJsonAsync($"/admin/api/fulfilments/{id}/ship", new { carrier = "顺丰", trackingNumber = "SF1234567890" });
        await Operator.PostAsync($"/admin/api/fulfilments/{id}/deliver", null);

        _clock.Advance(TimeSpan.FromDays(29));
        await PurgeAsync();
        Assert.NotNull((await RowAsync(id)).AddressCipher);
        _clock.Advance(TimeSpan.FromDays(2));
        var run = await PurgeAsync();
        Assert.Equal(1, run.AddressesPurged);
        var row = await RowAsync(id);
        Assert.Null(row.AddressCipher);
        Assert.Equal(FulfilmentStates.Delivered, row.State);
    }

    private async Task<RetentionRun> PurgeAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var runId = await scope.ServiceProvider.GetRequiredService<RetentionPurge>().RunAsync("test", CancellationToken.None);
        return await _app.QueryAsync(db => db.Set<RetentionRun>().AsNoTracking().SingleAsync(r => r.Id == runId));
    }

    [Fact]
    public async Task The_copy_of_ones_data_lists_the_prize_and_erasure_deletes_the_fulfilment()
    {
        var (mp, id) = await WinAsync();
        await GiveAddressAsync(mp, id);
        var copy = await mp.Http.GetFromJsonAsync<JsonElement>("/api/me/export");
        var delivery = Assert.Single(copy.GetProperty("prizeDeliveries").EnumerateArray());
        Assert.Equal(PrizeName, delivery.GetProperty("prize").GetString());

        await using var scope = _app.Services.CreateAsyncScope();
        var erasers = scope.ServiceProvider.GetServices<WechatLeads.Server.Data.IPersonalDataEraser>().ToList();
        var subject = (await RowAsync(id)).SubjectKey;
        foreach (var eraser in erasers) await eraser.EraseAsync(mp.OpenId, subject, _clock.GetUtcNow().UtcDateTime, CancellationToken.None);

        Assert.Equal(0, await _app.CountAsync<PrizeFulfilment>());
    }

    private async Task<HttpClient> SignedInBrowserAsync()
    {
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });
        var html = await (await browser.GetAsync("/h5/oauth/start?returnUrl=%2Fh5%2Fme")).Content.ReadAsStringAsync();
        (await browser.GetAsync(WebUtility.HtmlDecode(Regex.Match(html, "id=\"continue\" href=\"([^\"]+)\"").Groups[1].Value))).EnsureSuccessStatusCode();
        return browser;
    }

    private static Dictionary<string, string> HiddenFields(string html) =>
        HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"\\s*/?>")] // a component writes void elements as <input … />
    private static partial Regex HiddenInput();
}
