using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Admin;

/// <summary>The console filters by China calendar days, the way it shows times: Beijing midnight to Beijing midnight.</summary>
public sealed class ChinaDayFilterTests() : HostedTests(shareHost: true)
{
    [Fact]
    public void A_china_day_runs_from_beijing_midnight_to_the_next()
    {
        var filter = new LeadSearch { FromDay = new DateOnly(2026, 12, 3), ToDay = new DateOnly(2026, 12, 3) }.Filter;

        Assert.Equal(new DateTime(2026, 12, 2, 16, 0, 0, DateTimeKind.Utc), filter.From);
        Assert.Equal(new DateTime(2026, 12, 3, 16, 0, 0, DateTimeKind.Utc), filter.To);
    }

    [Fact]
    public async Task Days_and_moments_are_not_mixed_for_the_same_end()
    {
        var admin = App.CreateAdminClient(WechatLeadsFactory.ComplianceKey);

        var both = await admin.GetAsync("/admin/api/leads?from=2026-12-01T00:00:00Z&fromDay=2026-12-01");
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/api/leads?fromDay=2026-12-01&toDay=2026-12-03")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/admin/api/leads?fromDay=2026-12-03&toDay=2026-12-01")).StatusCode);
    }

    [Fact]
    public async Task The_evidence_report_takes_china_days_too()
    {
        var admin = App.CreateAdminClient(WechatLeadsFactory.ComplianceKey);

        var report = await admin.GetFromJsonAsync<JsonElement>("/admin/api/compliance/report?fromDay=2026-11-01&toDay=2026-11-30&format=json");

        Assert.Equal(new DateTime(2026, 10, 31, 16, 0, 0, DateTimeKind.Utc), report.GetProperty("from").GetDateTime().ToUniversalTime());
        Assert.Equal(new DateTime(2026, 11, 30, 16, 0, 0, DateTimeKind.Utc), report.GetProperty("to").GetDateTime().ToUniversalTime());
        var page = await (await admin.GetAsync("/admin/compliance")).Content.ReadAsStringAsync();
        Assert.Contains("name=\"fromDay\"", page);
    }
}
