using System.Net;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Admin;

/// <summary>Compliance finds entries in the audit log by who, what, when (Beijing days) and which record, read in Chinese.</summary>
public sealed class AuditSearchTests() : HostedTests(shareHost: true)
{
    private HttpClient Compliance => App.CreateAdminClient(WechatLeadsFactory.ComplianceKey);

    /// <summary>The entries' table: the search form above it lists every action by name.</summary>
    private async Task<string> EntriesAsync(string query)
    {
        var html = await Compliance.GetStringAsync("/admin/audit?" + query);
        return html[html.IndexOf("id=\"audit\"", StringComparison.Ordinal)..];
    }

    [Fact]
    public async Task The_audit_log_is_searched_by_actor_action_day_and_record_and_shows_actions_in_chinese()
    {
        Assert.Equal(HttpStatusCode.OK, (await Compliance.GetAsync("/admin/api/leads/export?campaign=spring-coupon")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Compliance.GetAsync("/admin/api/leads/export?campaign=lucky-draw")).StatusCode);
        var today = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd");

        var exports = await EntriesAsync($"action=lead.export&fromDay={today}&toDay={today}");
        Assert.Contains("导出线索（脱敏）", exports);
        Assert.DoesNotContain("导出完成", exports); // the other action is filtered out
        Assert.Contains("campaign=spring-coupon", exports);
        Assert.Contains("campaign=lucky-draw", exports);

        var oneRecord = await EntriesAsync("record=lucky-draw");
        Assert.Contains("campaign=lucky-draw", oneRecord);
        Assert.DoesNotContain("campaign=spring-coupon", oneRecord);

        var nobody = await EntriesAsync("actor=no-such-person");
        Assert.DoesNotContain("campaign=", nobody);

        var yesterday = DateTime.UtcNow.AddHours(8).AddDays(-1).ToString("yyyy-MM-dd");
        Assert.DoesNotContain("campaign=", await EntriesAsync($"toDay={yesterday}"));
        Assert.Equal(HttpStatusCode.BadRequest, (await Compliance.GetAsync($"/admin/audit?fromDay={today}&toDay={yesterday}")).StatusCode);
        Assert.DoesNotContain(">lead.export<", exports); // codes are not shown as such
    }
}
