using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Admin;

/// <summary>The audit log is a hash chain: concurrent appends stay one line, and any edit or removal is found.</summary>
public sealed class AuditLogTests : HostedTests
{
    private HttpClient Compliance => App.CreateAdminClient(WechatLeadsFactory.ComplianceKey);

    private async Task ExportAsync(int times)
    {
        // Masked exports of an empty list: each one is two audit entries, concurrently.
        var responses = await Task.WhenAll(Enumerable.Range(0, times).Select(_ => Compliance.GetAsync("/admin/api/leads/export?campaign=none")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }

    private async Task<JsonElement> VerifyAsync() => await Compliance.GetFromJsonAsync<JsonElement>("/admin/api/audit/verify");

    private Task ExecuteAsync(string sql) => App.QueryAsync(db => db.Database.ExecuteSqlRawAsync(sql));

    [Fact]
    public async Task Concurrent_appends_form_one_intact_chain()
    {
        await ExportAsync(12);

        var verdict = await VerifyAsync();
        Assert.True(verdict.GetProperty("intact").GetBoolean());
        Assert.Equal(24, verdict.GetProperty("entriesChecked").GetInt64());
        var sequences = await App.QueryAsync(db => db.Set<AuditEntry>().OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync());
        Assert.Equal(Enumerable.Range(1, 24).Select(i => (long)i), sequences);
    }

    [Fact]
    public async Task An_edited_entry_is_detected()
    {
        await ExportAsync(3);
        await ExecuteAsync("UPDATE \"AuditLog\" SET \"Reason\" = 'nothing to see' WHERE \"Sequence\" = 2");

        var verdict = await VerifyAsync();

        Assert.False(verdict.GetProperty("intact").GetBoolean());
        Assert.Equal(2, verdict.GetProperty("brokenAt").GetInt64());
    }

    [Fact]
    public async Task A_removed_entry_is_detected_even_with_the_sequence_closed_up()
    {
        await ExportAsync(3);
        await ExecuteAsync("DELETE FROM \"AuditLog\" WHERE \"Sequence\" = 3");
        Assert.Equal(3, (await VerifyAsync()).GetProperty("brokenAt").GetInt64()); // a gap

        // Renumbering to hide the gap breaks the link to the predecessor instead.
        await ExecuteAsync("UPDATE \"AuditLog\" SET \"Sequence\" = \"Sequence\" - 1 WHERE \"Sequence\" = 4");
        var verdict = await VerifyAsync();
        Assert.False(verdict.GetProperty("intact").GetBoolean());
        Assert.Equal(3, verdict.GetProperty("brokenAt").GetInt64());
    }

    [Fact]
    public async Task The_log_is_for_compliance_only()
    {
        var asOperator = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await asOperator.GetAsync("/admin/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asOperator.GetAsync("/admin/api/audit/verify")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync("/admin/api/audit")).StatusCode);
    }
}
