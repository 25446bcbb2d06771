using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Data;
using WechatLeads.Server.Messaging;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Persistence;

/// <summary>
/// <see cref="PipelinedWrites"/> (PostgreSQL): openings sent together, undone from the first write that cannot finish on,
/// and each write applied exactly once, in order, as one-by-one would have.
/// </summary>
public sealed class PipelinedWritesTests() : HostedTests(shareHost: true)
{
    private const string Insert = RunTogetherTests.Insert;
    private const string CountOpened = """SELECT count(*)::int FROM "WebhookReceipts" WHERE "Key" LIKE @Prefix""";

    /// <summary>
    /// Opens by inserting a receipt of its own (a unique key: an opening left behind and sent again would fail the
    /// batch) and counting the openings before it. Finishes at once unless <paramref name="slow"/>.
    /// </summary>
    private sealed class Fake(string run, int index, bool slow, List<string> log) : IPipelinedWrite
    {
        public int? OpenedBefore { get; private set; }
        private bool Slow => slow;
        private int Index => index;
        private List<string> Log => log;

        private string Key(string what) => $"{run}-{what}-{index:D2}";

        public IPipelinedOpening Open(WriteBatch batch) => new Opening(this, batch.Now);

        public async Task ApplyAsync(WriteBatch batch, CancellationToken cancellationToken)
        {
            await batch.ExecuteAsync(Insert, new { Key = Key("open"), At = batch.Now }, cancellationToken);
            await batch.ExecuteAsync(Insert, new { Key = Key("alone"), At = batch.Now }, cancellationToken);
            log.Add($"alone {index}");
        }

        private sealed class Opening(Fake write, DateTime at) : IPipelinedOpening
        {
            private int _before;

            public IReadOnlyList<Step> Steps { get; } =
            [
                Step.Row(CountOpened, new { Prefix = $"{write.Key("open")[..^2]}%" }, r => (object)r.GetInt32(0)),
                Step.Execute(Insert, new { Key = write.Key("open"), At = at }),
            ];

            public bool CanFinish(ReadOnlySpan<StepAnswer> answers)
            {
                _before = (int)answers[0].Row!;
                return !write.Slow;
            }

            public void Finish(WriteBatch batch)
            {
                write.OpenedBefore = _before;
                batch.Defer(Insert, new { Key = write.Key("done"), At = at });
                write.Log.Add($"finished {write.Index}");
            }
        }
    }

    /// <summary>Runs <paramref name="writes"/> through one <see cref="PipelinedWrites"/> in one group commit.</summary>
    private sealed class Pipeline(IReadOnlyList<Fake> writes) : IDurableWrite
    {
        public async Task ApplyAsync(WriteBatch batch, CancellationToken cancellationToken)
        {
            var pipelined = new PipelinedWrites(batch);
            foreach (var write in writes) pipelined.Add(write);
            await pipelined.FlushAsync(cancellationToken);
        }
    }

    private Task<List<string>> KeysAsync(string run) => App.QueryAsync(db =>
        Task.FromResult(db.Set<WebhookReceipt>().Where(r => r.Key.StartsWith(run + "-")).Select(r => r.Key).OrderBy(k => k).ToList()));

    [PostgresFact]
    public async Task Each_write_is_applied_once_in_order_whether_it_finishes_from_its_opening_or_alone()
    {
        var run = "pw-" + Guid.NewGuid().ToString("N")[..10];
        int[] slow = [3, 4, 7, 33, 39];
        var log = new List<string>();
        // Over one run's length (32), with refusals early, in a row and last, so runs shrink, grow and split.
        var writes = Enumerable.Range(0, 40).Select(i => new Fake(run, i, slow.Contains(i), log)).ToList();

        await App.Services.GetRequiredService<DurableWriteQueue>().SubmitAsync(null, [new Pipeline(writes)]);

        Assert.Equal(Enumerable.Range(0, 40).Select(i => slow.Contains(i) ? $"alone {i}" : $"finished {i}"), log);
        var expected = Enumerable.Range(0, 40)
            .SelectMany(i => new[] { $"{run}-open-{i:D2}", slow.Contains(i) ? $"{run}-alone-{i:D2}" : $"{run}-done-{i:D2}" })
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, (await KeysAsync(run)).Order(StringComparer.Ordinal));
        // Each opening saw exactly the ones before it: an undone opening is not counted, a write applied alone is.
        Assert.All(writes.Where(w => w.OpenedBefore is not null), w => Assert.Equal(writes.IndexOf(w), w.OpenedBefore));
    }

    [PostgresFact]
    public async Task A_write_that_fails_fails_the_batch_and_leaves_nothing()
    {
        var run = "pw-" + Guid.NewGuid().ToString("N")[..10];
        var log = new List<string>();
        // The same write twice: its second opening inserts a key the first already did.
        var first = new Fake(run, 0, slow: false, log);
        var writes = new[] { first, new Fake(run, 1, slow: false, log), first };

        await Assert.ThrowsAnyAsync<Exception>(() => App.Services.GetRequiredService<DurableWriteQueue>().SubmitAsync(null, [new Pipeline(writes)]));

        Assert.Empty(await KeysAsync(run));
    }
}
