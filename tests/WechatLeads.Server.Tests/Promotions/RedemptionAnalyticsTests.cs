using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Coupons;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Promotions;

/// <summary>
/// Coupons and redemptions are seeded straight into the tables (the redemption API is built elsewhere), then
/// read back through the analytics API, the dashboard, the CSV export, the void endpoint and the coupon pages.
/// Each test makes a campaign of its own, so the counts are exactly its own.
/// </summary>
public sealed class RedemptionAnalyticsTests() : HostedTests
{
    // 10:00 Beijing time on 1 March.
    private static readonly DateTime Issue = new(2026, 3, 1, 2, 0, 0, DateTimeKind.Utc);
    private int _codeIds = 900_000;

    [Fact]
    public async Task The_report_counts_redemptions_by_source_issue_store_redemption_store_and_days_in_Beijing_time()
    {
        var admin = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        await PutStoreAsync(admin, "SH101", "南京西路店");
        await PutStoreAsync(admin, "SH102", "徐家汇店");
        var campaignId = await CreateCampaignAsync(admin, "redeem-stats");
        await SeedAsync(campaignId, [
            new("menu", "静安寺店", CouponStates.Redeemed, Issue.AddHours(13), "SH101"),    // 23:00 the same Beijing day
            new("menu", null, CouponStates.Redeemed, Issue.AddHours(14.5), "SH102"),         // 00:30 the next Beijing day (same UTC day)
            new("poster", "静安寺店", CouponStates.Redeemed, Issue.AddDays(10), "SH101"),
            new("poster", null, CouponStates.Expired, null, null),
            new("ad", null, CouponStates.Voided, null, null),
            new("ad", null, CouponStates.Issued, null, null),
            new("ad", null, CouponStates.Redeemed, Issue.AddDays(40), "ZZ999"),             // a store not (or no longer) in the table
        ]);

        var report = await admin.GetFromJsonAsync<JsonElement>("/admin/api/campaigns/redeem-stats/analytics");

        var funnel = report.GetProperty("funnel").EnumerateArray().ToList();
        Assert.Equal(("coupon redeemed", 4), (funnel[^1].GetProperty("step").GetString(), funnel[^1].GetProperty("count").GetInt64()));
        var r = report.GetProperty("redemptions");
        Assert.Equal((7L, 4L, 1L, 1L, 1L), (r.GetProperty("issued").GetInt64(), r.GetProperty("redeemed").GetInt64(), r.GetProperty("outstanding").GetInt64(),
            r.GetProperty("expiredUnused").GetInt64(), r.GetProperty("voided").GetInt64()));
        Assert.Equal(0.5714, r.GetProperty("rate").GetDouble());
        Assert.Equal(["ad 3/1 0.3333", "menu 2/2 1", "poster 2/1 0.5"], Rates(r.GetProperty("bySource")));
        Assert.Equal([" 5/2 0.4", "静安寺店 2/2 1"], Rates(r.GetProperty("byIssueStore")));
        Assert.Equal(["SH101 南京西路店 2", "SH102 徐家汇店 1", "ZZ999 ZZ999 1"], r.GetProperty("byRedemptionStore").EnumerateArray()
            .Select(s => $"{s.GetProperty("store").GetString()} {s.GetProperty("name").GetString()} {s.GetProperty("redeemed").GetInt64()}"));
        Assert.Equal(["0:1", "1-3:1", "4-7:0", "8-14:1", "15-30:0", ">30:1"], r.GetProperty("daysToRedeem").EnumerateArray()
            .Select(b => $"{b.GetProperty("key").GetString()}:{b.GetProperty("count").GetInt64()}"));

        var page = await admin.GetStringAsync("/admin/campaigns/redeem-stats");
        var funnelSvg = Regex.Match(page, "<svg id=\"funnel-chart\".*?</svg>", RegexOptions.Singleline).Value;
        Assert.Equal(5, Regex.Count(funnelSvg, "class=\"bar\""));
        Assert.Contains("核销: 4", funnelSvg);
        Assert.Contains("已发放 7 张 · 已核销 4 张（核销率 57.1", page.Replace("57.1 %", "57.1%"));
        Assert.Contains("过期未用 1 张 · 已作废 1 张", page);
        Assert.Contains("当天: 1", page);
        Assert.Contains("南京西路店: 2", page);
    }

    [Fact]
    public async Task The_redemption_csv_has_beijing_times_store_names_no_phones_neutralised_formulas_and_an_audited_row_count()
    {
        var admin = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        await PutStoreAsync(admin, "SH201", "静安店");
        var campaignId = await CreateCampaignAsync(admin, "redeem-csv");
        var coupons = await SeedAsync(campaignId, [
            new("menu", null, CouponStates.Redeemed, Issue.AddHours(1), "SH201", OrderId: "=HYPERLINK(\"http://x\")", Amount: 12.5m),
            new("menu", null, CouponStates.Issued, Issue.AddHours(2), "SH201", ReversedAt: Issue.AddHours(2.5)), // redeemed, then reversed
            new("menu", null, CouponStates.Issued, null, null),
        ]);
        await SeedAsync(await CreateCampaignAsync(admin, "redeem-csv-other"), [new("menu", null, CouponStates.Redeemed, Issue, "SH201")]);

        var response = await admin.GetAsync("/admin/api/campaigns/redeem-csv/redemptions.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(l => l.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(
            "redemption_id,redeemed_at_beijing,store_code,store_name,coupon_code,prize,order_id,amount,channel,redeemed_by,reversed_at_beijing",
            lines[0]);
        Assert.Equal(3, lines.Count); // the other campaign's redemption is not in it
        Assert.Equal($"R-{coupons[0]},2026-03-01 11:00:00,SH201,静安店,CODE-{coupons[0]},,\"'=HYPERLINK(\"\"http://x\"\")\",12.50,staff,till-1,", lines[1]);
        Assert.EndsWith(",2026-03-01 12:30:00", lines[2]);
        var all = string.Join('\n', lines);
        Assert.DoesNotMatch(@"1[3-9]\d{9}", all);
        Assert.DoesNotContain("****", all);

        var audit = await App.QueryAsync(db => db.Set<AuditEntry>()
            .AsNoTracking()
            .Where(a => a.Action.StartsWith("redemption.export"))
            .OrderBy(a => a.Sequence)
            .ToListAsync());
        Assert.Equal((AuditActions.RedemptionExport, "redemptions?campaign=redeem-csv"), (audit[0].Action, audit[0].Target));
        Assert.Equal((AuditActions.RedemptionExportFinished, 2, "completed"), (audit[1].Action, audit[1].RecordCount, audit[1].Reason));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/api/campaigns/nope/redemptions.csv")).StatusCode);
    }

    [Fact]
    public async Task Only_an_issued_coupon_can_be_voided_and_the_coupons_page_shows_it_with_a_masked_phone()
    {
        var admin = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        var campaignId = await CreateCampaignAsync(admin, "redeem-void");
        var ids = await SeedAsync(campaignId, [
            new("menu", null, CouponStates.Issued, null, null),
            new("menu", null, CouponStates.Redeemed, Issue.AddHours(1), "SH301"),
        ]);

        var page = await admin.GetStringAsync($"/admin/campaigns/redeem-void/coupons?q=CODE-{ids[0]}");
        Assert.Contains("138****0000", page);
        Assert.Contains($"/admin/api/coupons/{ids[0]}/void", page);
        Assert.DoesNotContain("13800000000", page);
        var recent = await admin.GetStringAsync("/admin/campaigns/redeem-void/coupons");
        Assert.Contains("138****0001", Regex.Match(recent, "<table id=\"redemptions\".*?</table>", RegexOptions.Singleline).Value);

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/admin/api/coupons/{ids[0]}/void", new { reason = "" })).StatusCode);
        var voided = await admin.PostAsJsonAsync($"/admin/api/coupons/{ids[0]}/void", new { reason = "重复发放" });
        Assert.Equal(HttpStatusCode.OK, voided.StatusCode);
        var coupon = await App.QueryAsync(db => db.Set<Coupon>().AsNoTracking().SingleAsync(c => c.Id == ids[0]));
        Assert.Equal((CouponStates.Voided, "重复发放"), (coupon.State, coupon.VoidReason));
        Assert.NotNull(coupon.VoidedAt);

        var again = await admin.PostAsJsonAsync($"/admin/api/coupons/{ids[0]}/void", new { reason = "重复发放" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var problem = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("coupon_not_issued", "这张券已经作废过了。"), (problem.GetProperty("code").GetString(), problem.GetProperty("title").GetString()));
        var redeemed = await admin.PostAsJsonAsync($"/admin/api/coupons/{ids[1]}/void", new { reason = "试试看" });
        Assert.Equal(HttpStatusCode.Conflict, redeemed.StatusCode);
        Assert.Equal("这张券已经核销，不能作废。", (await redeemed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(CouponStates.Redeemed, await App.QueryAsync(db => db.Set<Coupon>().Where(c => c.Id == ids[1]).Select(c => c.State).SingleAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/admin/api/coupons/nope/void", new { reason = "不存在的" })).StatusCode);

        var audit = await App.QueryAsync(db => db.Set<AuditEntry>().AsNoTracking().Where(a => a.Action == AuditActions.CouponVoided).ToListAsync());
        var entry = Assert.Single(audit);
        Assert.Equal(($"coupon:{ids[0]} campaign:{campaignId}", "重复发放"), (entry.Target, entry.Reason));
    }

    [Fact]
    public async Task Coupon_settings_are_edited_validated_against_the_stores_and_round_trip_through_the_definition()
    {
        var admin = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        await PutStoreAsync(admin, "SH401", "南京西路店");
        await PutStoreAsync(admin, "SH402", "徐家汇店");
        await CreateCampaignAsync(admin, "coupon-terms");

        var edited = await admin.PatchAsJsonAsync("/admin/api/campaigns/coupon-terms", new
        {
            couponValidFrom = "2026-12-01T00:00:00+08:00",
            couponValidUntil = "2027-01-01T00:00:00+08:00",
            couponStores = new[] { "SH402", "SH401", "SH402" },
            couponRedeemHours = "10:00-22:00",
        });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var details = await admin.GetFromJsonAsync<JsonElement>("/admin/api/campaigns/coupon-terms");
        Assert.Equal(new DateTime(2026, 11, 30, 16, 0, 0, DateTimeKind.Utc), details.GetProperty("couponValidFrom").GetDateTime().ToUniversalTime());
        Assert.Equal(new DateTime(2026, 12, 31, 16, 0, 0, DateTimeKind.Utc), details.GetProperty("couponValidUntil").GetDateTime().ToUniversalTime());
        Assert.Equal(["SH402", "SH401"], details.GetProperty("couponStores").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("10:00-22:00", details.GetProperty("couponRedeemHours").GetString());

        // The definition creates a campaign with the same terms.
        var definition = await admin.GetFromJsonAsync<JsonElement>("/admin/api/campaigns/coupon-terms/definition");
        var copy = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(definition.GetRawText())!;
        copy["slug"] = JsonSerializer.SerializeToElement("coupon-terms-copy");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/admin/api/campaigns", copy)).StatusCode);
        var copied = await App.QueryAsync(db => db.Set<Campaign>().AsNoTracking().SingleAsync(c => c.Slug == "coupon-terms-copy"));
        Assert.Equal((new DateTime(2026, 11, 30, 16, 0, 0), new DateTime(2026, 12, 31, 16, 0, 0), "SH402,SH401", "10:00-22:00"),
            (copied.CouponValidFrom, copied.CouponValidUntil!.Value, copied.CouponStores, copied.CouponRedeemHours));

        var unknown = await admin.PatchAsJsonAsync("/admin/api/campaigns/coupon-terms", new { couponStores = new[] { "SH401", "NOPE-1", "NOPE-2" } });
        Assert.Equal((HttpStatusCode)422, unknown.StatusCode);
        var problem = await unknown.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unknown_stores", problem.GetProperty("code").GetString());
        Assert.Equal(["NOPE-1", "NOPE-2"], problem.GetProperty("stores").EnumerateArray().Select(s => s.GetString()));

        var invalid = await admin.PatchAsJsonAsync(
            "/admin/api/campaigns/coupon-terms",
            new { couponRedeemHours = "10-22", couponValidFrom = "2027-02-01T00:00:00Z" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = string.Join(
            '\n',
            (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("campaign").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("优惠券：核销时段格式须为 10:00-22:00。", errors);
        Assert.Contains("优惠券：有效期开始时间必须早于结束时间。", errors);

        // Clearing the fixed validity goes back to days from issue; the refused edits above changed nothing.
        var cleared = await admin.PatchAsJsonAsync(
            "/admin/api/campaigns/coupon-terms",
            new { couponValidFrom = (string?)null, couponValidUntil = (string?)null, couponValidDays = 7, couponStores = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        var after = await App.QueryAsync(db => db.Set<Campaign>().AsNoTracking().SingleAsync(c => c.Slug == "coupon-terms"));
        Assert.Equal(
            (null, null, 7, "", "10:00-22:00"),
            (after.CouponValidFrom, after.CouponValidUntil, after.CouponValidDays, after.CouponStores, after.CouponRedeemHours));

        var draw = await admin.PatchAsJsonAsync("/admin/api/campaigns/lucky-draw", new { couponStores = new[] { "SH401" } });
        Assert.Equal(HttpStatusCode.BadRequest, draw.StatusCode);

        var manage = await admin.GetStringAsync("/admin/campaigns/coupon-terms/manage");
        Assert.Contains("name=\"couponStores\" value=\"SH401\"", manage);
        Assert.Contains("name=\"couponRedeemHours\"", manage);
    }

    [Fact]
    public async Task Prizes_take_a_kind_coupon_terms_and_claim_days()
    {
        var admin = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        await PutStoreAsync(admin, "SH501", "南京西路店");
        await using (var scope = App.Services.CreateAsyncScope()) // a draft: announced draws keep their prizes (RulesLock)
            await scope.ServiceProvider.GetRequiredService<CampaignFactory>().CreateAsync(new CampaignDefinition
            {
                Slug = "kind-draw",
                Type = CampaignTypes.LuckyDraw,
                Title = "筹备中",
                PolicyVersion = "2026-11",
                Status = CampaignStatus.Draft,
                StartsAt = DateTime.UtcNow.AddDays(1),
                EndsAt = DateTime.UtcNow.AddDays(30),
                Draw = new DrawDefinition { NoWinWeight = 10, Prizes = [new PrizeDefinition { Name = "咖啡", Weight = 1, Inventory = 1, Value = 30 }] },
            }, CancellationToken.None);
        var added = await admin.PostAsJsonAsync("/admin/api/campaigns/kind-draw/prizes", new
        {
            name = "保温杯",
            weight = 1,
            inventory = 5,
            kind = "physical",
            claimDays = 10,
        });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var prize = await added.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("physical", 10), (prize.GetProperty("kind").GetString(), prize.GetProperty("claimDays").GetInt32()));
        var id = prize.GetProperty("id").GetInt64();

        var edited = await admin.PatchAsJsonAsync($"/admin/api/campaigns/kind-draw/prizes/{id}", new
        {
            kind = "coupon",
            validDays = 14,
            stores = new[] { "SH501" },
            redeemHours = "09:00-21:00",
            claimDays = (int?)null,
        });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var saved = await App.QueryAsync(db => db.Set<Prize>().AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal(
            ("coupon", 14, "SH501", "09:00-21:00", (int?)null, 5),
            (saved.Kind, saved.ValidDays, saved.Stores, saved.RedeemHours, saved.ClaimDays, saved.Remaining));
        var view = (await admin.GetFromJsonAsync<JsonElement>("/admin/api/campaigns/kind-draw"))
            .GetProperty("prizes")
            .EnumerateArray()
            .Single(p => p.GetProperty("id").GetInt64() == id);
        Assert.Equal(["SH501"], view.GetProperty("stores").EnumerateArray().Select(s => s.GetString()));

        Assert.Equal(
            (HttpStatusCode)422,
            (await admin.PatchAsJsonAsync($"/admin/api/campaigns/kind-draw/prizes/{id}", new { stores = new[] { "GONE-1" } })).StatusCode);
        var bad = await admin.PatchAsJsonAsync($"/admin/api/campaigns/kind-draw/prizes/{id}", new { kind = "voucher", claimDays = 0, validUntil = "soon" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = string.Join(
            '\n',
            (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("prize").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("奖品类型须为优惠券、实物或积分。", errors);
        Assert.Contains("领奖期限须为 1–365 天", errors);
        Assert.Contains("有效期结束时间须为日期时间或留空。", errors);
        Assert.Equal("SH501", await App.QueryAsync(db => db.Set<Prize>().Where(p => p.Id == id).Select(p => p.Stores).SingleAsync()));

        var definition = await admin.GetFromJsonAsync<JsonElement>("/admin/api/campaigns/kind-draw/definition");
        var exported = definition.GetProperty("draw").GetProperty("prizes").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "保温杯");
        Assert.Equal(
            ("coupon", 14, "09:00-21:00"),
            (exported.GetProperty("kind").GetString(), exported.GetProperty("validDays").GetInt32(), exported.GetProperty("redeemHours").GetString()));
    }

    [Fact]
    public async Task Stores_are_listed_added_and_renamed_with_an_audit_line()
    {
        var admin = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        var created = await admin.PutAsJsonAsync("/admin/api/stores/BJ601", new { name = "三里屯店", address = "北京市朝阳区三里屯路 19 号" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var renamed = await admin.PutAsJsonAsync("/admin/api/stores/BJ601", new { name = "三里屯太古里店", address = "北京市朝阳区三里屯路 19 号" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var list = await admin.GetFromJsonAsync<JsonElement>("/admin/api/stores");
        var store = list.EnumerateArray().Single(s => s.GetProperty("code").GetString() == "BJ601");
        Assert.Equal("三里屯太古里店", store.GetProperty("name").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/admin/api/stores/has%20space", new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/admin/api/stores/BJ602", new { name = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync("/admin/api/stores")).StatusCode);
        var audit = await App.QueryAsync(db => db.Set<AuditEntry>()
            .AsNoTracking()
            .Where(a => a.Action == AuditActions.StoreChanged && a.Target.StartsWith("store:BJ601"))
            .Select(a => a.Target).ToListAsync());
        Assert.Equal(["store:BJ601 added", "store:BJ601 edited"], audit);
        Assert.Contains("三里屯太古里店", await admin.GetStringAsync("/admin/stores"));
    }

    private sealed record Seed(string? Source, string? IssueStore, string State, DateTime? RedeemedAt, string? RedeemedStore,
        string? OrderId = null, decimal? Amount = null, DateTime? ReversedAt = null);

    /// <summary>
    /// One person, lead and coupon per seed (phones 138, the campaign id in 4 digits, then n in 4), plus a redemption row for each redeemed or
    /// reversed one. Returns the coupon ids, in order.
    /// </summary>
    private async Task<List<string>> SeedAsync(long campaignId, IReadOnlyList<Seed> seeds)
    {
        var phones = App.Services.GetRequiredService<PhoneProtector>();
        var ids = new List<string>();
        await App.QueryAsync(async db =>
        {
            for (var i = 0; i < seeds.Count; i++)
            {
                var s = seeds[i];
                var id = $"c{campaignId}x{i}";
                Assert.True(PhoneNumber.TryParse($"138{campaignId % 10_000:D4}{i:D4}", out var parsed));
                var phone = parsed.Value;
                db.Add(new Person
                {
                    Id = "p" + id,
                    PhoneIndex = phones.BlindIndex(phone),
                    PhoneCipher = phones.Encrypt(phone),
                    Proven = true,
                    CreatedAt = Issue
                });
                db.Add(new Lead
                {
                    Id = "l" + id,
                    CampaignId = campaignId,
                    PersonId = "p" + id,
                    SubjectKey = "s" + id,
                    Channel = "h5",
                    Source = s.Source,
                    Store = s.IssueStore,
                    CreatedAt = Issue,
                    ExpiresAt = Issue.AddDays(180),
                });
                db.Add(new Coupon
                {
                    Id = id,
                    CampaignId = campaignId,
                    LeadId = "l" + id,
                    SubjectKey = "s" + id,
                    CodeId = ++_codeIds,
                    Code = "CODE-" + id,
                    State = s.State,
                    IssuedAt = Issue,
                    ValidFrom = Issue,
                    ValidUntil = Issue.AddDays(30),
                    RedeemedAt = s.State == CouponStates.Redeemed ? s.RedeemedAt : null,
                    RedeemedStore = s.State == CouponStates.Redeemed ? s.RedeemedStore : null,
                    ExpiredAt = s.State == CouponStates.Expired ? Issue.AddDays(30) : null,
                    VoidedAt = s.State == CouponStates.Voided ? Issue.AddDays(1) : null,
                });
                if (s.RedeemedAt is { } at)
                    db.Add(new Redemption
                    {
                        Id = "R-" + id,
                        CouponId = id,
                        CampaignId = campaignId,
                        Store = s.RedeemedStore!,
                        RedeemedBy = "till-1",
                        Channel = StoreCaller.StaffPageChannel,
                        OrderId = s.OrderId,
                        Amount = s.Amount,
                        IdempotencyKey = "k-" + id,
                        RequestHash = "h",
                        CreatedAt = at,
                        ReversedAt = s.ReversedAt,
                    });
                ids.Add(id);
            }
            return await db.SaveChangesAsync();
        });
        return ids;
    }

    private async Task<long> CreateCampaignAsync(HttpClient admin, string slug)
    {
        var created = await admin.PostAsJsonAsync("/admin/api/campaigns", new
        {
            slug,
            type = "coupon",
            title = "核销统计",
            policyVersion = "2026-11",
            startsAt = "2026-01-01T00:00:00Z",
            endsAt = "2027-12-31T00:00:00Z",
            coupon = new { validDays = 30, codes = Array.Empty<string>() },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return await App.QueryAsync(db => db.Set<Campaign>().Where(c => c.Slug == slug).Select(c => c.Id).SingleAsync());
    }

    private static async Task PutStoreAsync(HttpClient admin, string code, string name) =>
        Assert.True((await admin.PutAsJsonAsync($"/admin/api/stores/{code}", new { name, address = "" })).IsSuccessStatusCode);

    private static IEnumerable<string> Rates(JsonElement rows) => rows.EnumerateArray()
        .Select(x =>
            $"{x.GetProperty("key").GetString()} {x.GetProperty("issued").GetInt64()}/{x.GetProperty("redeemed").GetInt64()} " +
            $"{x.GetProperty("rate").GetDouble()}");
}
