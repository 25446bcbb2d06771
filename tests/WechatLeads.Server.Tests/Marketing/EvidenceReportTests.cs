using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Marketing;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Server.Tests.Unsubscribe;

namespace WechatLeads.Server.Tests.Marketing;

/// <summary>The evidence report's figures against a history made through the real interfaces.</summary>
public sealed class EvidenceReportTests : IAsyncLifetime
{
    private readonly AdjustableClock _clock = new(AdjustableClock.ChinaTimeToday(10));
    private WechatLeadsFactory _app = null!;

    public Task InitializeAsync()
    {
        _app = new WechatLeadsFactory(time: _clock);
        _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task An_export_in_the_report_counts_the_rows_that_were_exported()
    {
        await MarketingSeed.LeadsAsync(_app, 3);
        var compliance = _app.CreateAdminClient(WechatLeadsFactory.ComplianceKey);
        var csv = await (await compliance.GetAsync("/admin/api/leads/export")).Content.ReadAsStringAsync();
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1; // less the header

        var now = _clock.GetUtcNow().UtcDateTime;
        var report = await compliance.GetFromJsonAsync<JsonElement>($"/admin/api/compliance/report?from={now.AddDays(-1):O}&to={now.AddDays(1):O}&format=json");

        var export = Assert.Single(report.GetProperty("staffAccess").EnumerateArray(), x => x.GetProperty("action").GetString() == "lead.export");
        Assert.True(rows >= 3);
        Assert.Equal(rows, export.GetProperty("records").GetInt32());
    }

    [Fact]
    public async Task The_report_counts_consents_opt_outs_sends_requests_and_staff_access_from_the_ledgers()
    {
        var (a, b, c) = await MarketingSeed.LeadsAsync(_app, 3) switch { var l => (l[0], l[1], l[2]) };
        await OptOutSteps.ClickUnsubscribeAsync(_app, b.OpenId);                                                  // 取消订阅 in the menu
        await _app.CreateClient().PostAsJsonAsync("/sandbox/sms/reply", new { phone = c.Phone, text = "TD" });     // 回复TD退订
        var send = await MarketingSendTests.FinishedAsync(_app, await MarketingSendTests.ScheduleAsync(_app,
            new { name = "周末活动", channel = "sms", text = MarketingSendTests.Sms, audience = new { campaign = "spring-coupon" } }));
        Assert.Equal(1, send.GetProperty("sent").GetInt32());

        var compliance = _app.CreateAdminClient(WechatLeadsFactory.ComplianceKey);
        Assert.Equal(HttpStatusCode.OK, (await compliance.PostAsJsonAsync($"/admin/api/leads/{a.LeadId}/reveal", new { reason = "客户来电核实身份" })).StatusCode);
        await (await compliance.GetAsync("/admin/api/leads/export")).Content.ReadAsStringAsync();
        var mp = await MiniProgramClient.LoginAsync(_app);
        await mp.Http.GetAsync("/api/me"); // looking: no request
        await mp.Http.GetAsync("/api/me/export"); // downloading: an access request, open until Compliance answers it

        var now = _clock.GetUtcNow().UtcDateTime;
        var report = await compliance.GetFromJsonAsync<JsonElement>($"/admin/api/compliance/report?from={now.AddDays(-1):O}&to={now.AddDays(1):O}&format=json");

        Assert.Contains(report.GetProperty("notices").EnumerateArray(), n => n.GetProperty("version").GetString() == "2026-11"
            && n.GetProperty("campaigns").EnumerateArray().Any(x => x.GetString() == "spring-coupon"));
        int Consents(string action, string channel) => report.GetProperty("consents").EnumerateArray()
            .Where(x => x.GetProperty("purpose").GetString() == "marketing"
                && x.GetProperty("action").GetString() == action
                && x.GetProperty("channel").GetString() == channel)
            .Sum(x => x.GetProperty("count").GetInt32());
        Assert.Equal(3, Consents("granted", "h5"));
        Assert.Equal(1, Consents("withdrawn", "menu"));
        Assert.Equal(1, Consents("withdrawn", SmsOptOut.Channel));
        var optOuts = report.GetProperty("optOuts")
            .EnumerateArray()
            .ToDictionary(o => o.GetProperty("channel").GetString()!, o => o.GetProperty("count").GetInt32());
        Assert.Equal(1, optOuts["menu"]);
        Assert.Equal(1, optOuts[SmsOptOut.Channel]);

        var reported = Assert.Single(report.GetProperty("sends").EnumerateArray());
        Assert.Equal((3, 1), (reported.GetProperty("audience").GetInt32(), reported.GetProperty("sent").GetInt32()));
        Assert.Equal(2, reported.GetProperty("skippedByReason").GetProperty(SkipReasons.OptedOut).GetInt32());

        var copies = Assert.Single(report.GetProperty("requests").EnumerateArray());
        Assert.Equal(
            ("access", 1, 0, 0),
            (
                copies.GetProperty("type").GetString(),
                copies.GetProperty("received").GetInt32(),
                copies.GetProperty("completed").GetInt32(),
                copies.GetProperty("overdue").GetInt32()));
        var access = report.GetProperty("staffAccess")
            .EnumerateArray()
            .Select(x => (x.GetProperty("action").GetString(), x.GetProperty("reason").GetString()))
            .ToList();
        Assert.Equal([("lead.reveal", "客户来电核实身份"), ("lead.export", null)], access);

        // The same report as a printable page, and a precise refusal for a bad period.
        var page = await compliance.GetAsync($"/admin/api/compliance/report?from={now.AddDays(-1):O}&to={now.AddDays(1):O}");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        foreach (var id in new[] { "notices", "consents", "optouts", "sends", "retention", "requests", "access" }) Assert.Contains($"id=\"{id}\"", html);
        Assert.Equal(HttpStatusCode.BadRequest, (await compliance.GetAsync($"/admin/api/compliance/report?from={now:O}&to={now.AddDays(-1):O}")).StatusCode);
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (await _app.CreateAdminClient(WechatLeadsFactory.OperatorKey).GetAsync("/admin/api/compliance/report")).StatusCode);
        Assert.DoesNotContain(a.Phone, html); // evidence, not a contact list
    }
}
