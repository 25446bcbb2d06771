using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Admin;

/// <summary>
/// The audit log is a hash chain: concurrent appends stay one line, and any edit or removal is found — the
/// newest entries and all of them too, and a restore of an older copy, through the head row, the instance's
/// anchor file and signed checkpoints kept elsewhere.
/// </summary>
public sealed class AuditLogTests() : HostedTests
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

    private string AnchorFile => Path.Combine(App.DataDirectory, AuditAnchor.FileName);

    private static void AssertBroken(JsonElement verdict, string code)
    {
        Assert.False(verdict.GetProperty("intact").GetBoolean(), verdict.ToString());
        Assert.Equal(code, verdict.GetProperty("code").GetString());
    }

    /// <summary>What a database copy holds: the rows and the head.</summary>
    private Task<(List<AuditEntry> Rows, List<AuditHead> Head)> CopyAsync() => App.QueryAsync(async db =>
        (await db.Set<AuditEntry>().AsNoTracking().ToListAsync(), await db.Set<AuditHead>().AsNoTracking().ToListAsync()));

    private Task RestoreAsync((List<AuditEntry> Rows, List<AuditHead> Head) copy) => App.QueryAsync(async db =>
    {
        await db.Set<AuditEntry>().ExecuteDeleteAsync();
        await db.Set<AuditHead>().ExecuteDeleteAsync();
        db.AddRange(copy.Rows);
        db.AddRange(copy.Head);
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task Deleting_the_newest_entries_is_detected()
    {
        await ExportAsync(3);
        Assert.True((await VerifyAsync()).GetProperty("intact").GetBoolean());

        await ExecuteAsync("DELETE FROM \"AuditLog\" WHERE \"Sequence\" > 4");

        var verdict = await VerifyAsync();
        AssertBroken(verdict, "truncated");
        Assert.Equal(5, verdict.GetProperty("brokenAt").GetInt64());
    }

    [Fact]
    public async Task Deleting_every_entry_and_the_head_is_detected()
    {
        await ExportAsync(2);

        await ExecuteAsync("DELETE FROM \"AuditLog\"");
        AssertBroken(await VerifyAsync(), "truncated"); // the head still says 4

        await ExecuteAsync("DELETE FROM \"AuditHead\"");
        var verdict = await VerifyAsync();
        AssertBroken(verdict, "rolled-back"); // this instance saw entry 4
        Assert.Equal(1, verdict.GetProperty("brokenAt").GetInt64());
    }

    [Fact]
    public async Task Entries_appended_after_the_newest_were_deleted_leave_the_gap_in_the_chain()
    {
        await ExportAsync(2);
        await ExecuteAsync("DELETE FROM \"AuditLog\" WHERE \"Sequence\" > 2");
        await ExecuteAsync("DELETE FROM \"AuditHead\"");

        await ExportAsync(2); // staff go on working: the new entries must not take the deleted ones' places

        var verdict = await VerifyAsync();
        AssertBroken(verdict, "entry-missing");
        Assert.Equal(3, verdict.GetProperty("brokenAt").GetInt64());
    }

    [Fact]
    public async Task Deleting_the_head_is_detected()
    {
        await ExportAsync(1);

        await ExecuteAsync("DELETE FROM \"AuditHead\"");

        AssertBroken(await VerifyAsync(), "head-missing");
    }

    [Fact]
    public async Task A_forged_head_is_detected()
    {
        await ExportAsync(2);

        await ExecuteAsync("UPDATE \"AuditHead\" SET \"Sequence\" = 2");

        AssertBroken(await VerifyAsync(), "head-changed");
    }

    [Fact]
    public async Task Restoring_an_older_copy_of_the_table_is_detected()
    {
        await ExportAsync(2);
        var older = await CopyAsync();
        await ExportAsync(2);
        Assert.True((await VerifyAsync()).GetProperty("intact").GetBoolean());

        await RestoreAsync(older); // rows and head agree with each other: only this instance's anchor remembers more

        var verdict = await VerifyAsync();
        AssertBroken(verdict, "rolled-back");
        Assert.Equal(5, verdict.GetProperty("brokenAt").GetInt64());
    }

    [Fact]
    public async Task A_kept_checkpoint_detects_a_rollback_below_it_when_nothing_in_the_deployment_remembers()
    {
        await ExportAsync(1);
        var older = await CopyAsync();
        await ExportAsync(1);
        Assert.Equal(HttpStatusCode.OK, (await Compliance.PostAsync("/admin/api/audit/checkpoints", null)).StatusCode);
        var list = await Compliance.GetFromJsonAsync<JsonElement>("/admin/api/audit/checkpoints");
        var kept = list.GetProperty("checkpoints")[0];
        Assert.Equal(4, kept.GetProperty("sequence").GetInt64());
        // Compliance can check it without the server: the public key, the signed text, a DER signature.
        using (var key = ECDsa.Create())
        {
            key.ImportFromPem(list.GetProperty("publicKey").GetString());
            Assert.True(key.VerifyData(Encoding.UTF8.GetBytes(kept.GetProperty("signedText").GetString()!),
                Convert.FromBase64String(kept.GetProperty("signature").GetString()!), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        }

        // The worst case: an older copy restored, the stored checkpoints deleted, and an instance that never saw the newer entries.
        await RestoreAsync(older);
        await ExecuteAsync("DELETE FROM \"AuditCheckpoints\"");
        File.Delete(AnchorFile);
        Assert.True((await VerifyAsync()).GetProperty("intact").GetBoolean()); // nothing inside can tell

        var checkedAgainst = await Compliance.PostAsJsonAsync("/admin/api/audit/verify", kept);
        var verdict = await checkedAgainst.Content.ReadFromJsonAsync<JsonElement>();
        AssertBroken(verdict, "checkpoint-missing");
        Assert.Equal(3, verdict.GetProperty("brokenAt").GetInt64());
    }

    [Fact]
    public async Task A_checkpoint_that_was_not_signed_here_is_refused()
    {
        await ExportAsync(1);
        var made = await (await Compliance.PostAsync("/admin/api/audit/checkpoints", null)).Content.ReadFromJsonAsync<JsonElement>();
        var forged = new
        {
            sequence = made.GetProperty("sequence").GetInt64() + 1,
            hash = made.GetProperty("hash").GetString(),
            at = made.GetProperty("at").GetDateTime(),
            signature = made.GetProperty("signature").GetString(),
        };

        var response = await Compliance.PostAsJsonAsync("/admin/api/audit/verify", forged);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("checkpoint_signature_invalid", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Checkpoints_are_signed_every_hour_by_a_recurring_job()
    {
        using var connection = App.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = Assert.Single(Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection), j => j.Id == AuditCheckpoints.RecurringJobId);
        Assert.Equal(Cron.Hourly(), job.Cron);

        await ExportAsync(1);
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AuditCheckpoints>().RunAsync(CancellationToken.None);
        var stored = Assert.Single(await App.QueryAsync(db => db.Set<AuditCheckpoint>().ToListAsync()));
        Assert.Equal(2, stored.Sequence);
    }

    [Fact]
    public async Task The_log_is_for_compliance_only()
    {
        var asOperator = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await asOperator.GetAsync("/admin/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asOperator.GetAsync("/admin/api/audit/verify")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asOperator.GetAsync("/admin/api/audit/checkpoints")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asOperator.PostAsync("/admin/api/audit/checkpoints", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync("/admin/api/audit")).StatusCode);
    }
}
