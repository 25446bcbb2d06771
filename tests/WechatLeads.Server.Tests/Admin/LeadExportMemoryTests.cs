using System.Data.Common;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Admin;

[CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
public sealed class MemoryMeasurement;

/// <summary>
/// The export streams: with 100,000 leads behind it, the server's live heap stays far below what holding
/// the rows (or the CSV) would take. Alone in its collection, so no other test's allocations are counted.
/// </summary>
[Collection(nameof(MemoryMeasurement))]
public sealed class LeadExportMemoryTests : HostedTests
{
    private const int Leads = 100_000;
    private const int RowsPerInsert = 500;

    [Fact]
    public async Task Exporting_a_large_lead_set_runs_in_bounded_memory()
    {
        await SeedLeadsAsync(Leads);
        var client = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        // The same export once over an empty campaign first: EF's compiled-query cache, the audit log's and
        // the serializers' one-time state are then in the baseline, not counted as the export's memory.
        await client.GetStringAsync("/admin/api/leads/export?campaign=lucky-draw");
        var baseline = LiveHeap();

        using var response = await client.GetAsync("/admin/api/leads/export?campaign=spring-coupon", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long bytes = 0, peak = 0, lines = 0, nextSample = 0;
        while (true)
        {
            var read = await body.ReadAsync(buffer);
            if (read == 0) break;
            bytes += read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            // Sampled by bytes, not by reads: the test server hands the body over in small pieces, and three full
            // collections per few reads made this test take minutes in a process whose heap other tests had grown.
            if (bytes < nextSample) continue;
            peak = Math.Max(peak, LiveHeap() - baseline);
            nextSample = bytes + 256 * 1024;
        }

        Assert.Equal(Leads + 1, lines); // the header and every lead
        // Holding the rows would take tens of MB (and the CSV alone is bytes long); streaming needs buffers.
        Assert.True(peak < bytes / 4, $"live heap grew by {peak / 1024} KiB while exporting {bytes / 1024} KiB of CSV");
    }

    private static long LiveHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Leads straight into the tables, 500 rows per INSERT: set-up, not the code under test.</summary>
    private async Task SeedLeadsAsync(int count)
    {
        var phones = App.Services.GetRequiredService<PhoneProtector>();
        await App.QueryAsync(async db =>
        {
            var campaignId = await db.Set<Campaign>().Where(c => c.Slug == "spring-coupon").Select(c => c.Id).SingleAsync();
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            for (var start = 0; start < count; start += RowsPerInsert)
            {
                var rows = Enumerable.Range(start, Math.Min(RowsPerInsert, count - start)).ToList();
                await InsertAsync(connection, transaction, "INSERT INTO \"Persons\" (\"Id\", \"PhoneIndex\", \"PhoneCipher\", \"CreatedAt\") VALUES ",
                    rows, i => [$"bulkp{i:D10}", $"bulkidx{i:D20}", phones.Encrypt(Phone($"137{i:D8}")), DateTime.UtcNow]);
                await InsertAsync(connection, transaction,
                    "INSERT INTO \"Leads\" (\"Id\", \"CampaignId\", \"PersonId\", \"SubjectKey\", \"Channel\", \"Source\", \"MarketingConsent\", " +
                    "\"CreatedAt\", \"ExpiresAt\") VALUES ",
                    rows, i => [
                        $"bulkl{i:D10}",
                        campaignId,
                        $"bulkp{i:D10}",
                        $"bulks{i:D10}",
                        "h5",
                        "bulk",
                        i % 2 == 0,
                        DateTime.UtcNow,
                        DateTime.UtcNow.AddDays(180)]);
            }
            await transaction.CommitAsync();
            return 0;
        });
    }

    private static PhoneNumber Phone(string digits) =>
        PhoneNumber.TryParse(digits, out var phone) ? phone.Value : throw new ArgumentException("not a phone number", nameof(digits));

    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, string prefix, List<int> rows, Func<int, object[]> values)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var tuples = new List<string>();
        var n = 0;
        foreach (var i in rows)
        {
            var names = new List<string>();
            foreach (var value in values(i))
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@p" + n;
                parameter.Value = value;
                command.Parameters.Add(parameter);
                names.Add("@p" + n++);
            }
            tuples.Add("(" + string.Join(", ", names) + ")");
        }
        command.CommandText = prefix + string.Join(", ", tuples);
        await command.ExecuteNonQueryAsync();
    }
}
