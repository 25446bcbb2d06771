using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Telemetry;

namespace WechatLeads.Server.Data;

/// <summary>
/// Group commit. Requests hand their writes to a writer (on PostgreSQL one of a few), which drains what is queued, commits it in
/// a single transaction and only then completes each waiting request — so a webhook answers WeChat only
/// after its state is durable, yet hundreds of requests share one commit (one fsync, one WAL append).
/// The receipt key makes WeChat's retries idempotent: a key already stored means "duplicate", and that
/// request's writes are skipped. The receipt also carries the push's signature key, unique too: a signature
/// seen before on another push is a replay, refused with nothing written.
/// </summary>
internal sealed class DurableWriteQueue(
    IServiceScopeFactory scopes, IOutboxEnqueuer outbox, TimeProvider time, IOptions<DatabaseOptions> database, ILogger<DurableWriteQueue> logger)
    : BackgroundService
{
    private const int MaxBatch = 1024;
    // No conflict target: a row is skipped when either its key (a retry) or its signature (a replay) was seen.
    private static readonly MultiRowStatement InsertReceipts = new(
        "INSERT INTO \"WebhookReceipts\" (\"Key\", \"Signature\", \"ReceivedAt\") VALUES", 3, "ON CONFLICT DO NOTHING RETURNING \"Key\"");
    // Which of the receipts not stored were stored before (retries); the rest were refused for their signature (replays).
    private static readonly MultiRowStatement StoredBefore = new(
        "SELECT \"Key\" FROM \"WebhookReceipts\" WHERE \"Key\" IN (VALUES", 1, ")");

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();

    /// <summary>
    /// Makes <paramref name="writes"/> durable. With a <paramref name="receipt"/>, writes nothing and says why when
    /// the push was stored before (<see cref="SubmitOutcome.Duplicate"/>) or its signature was used by another one
    /// (<see cref="SubmitOutcome.Replayed"/>).
    /// </summary>
    public Task<SubmitOutcome> SubmitAsync(PushReceipt? receipt, IReadOnlyList<IDurableWrite> writes, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(receipt, writes, new TaskCompletionSource<SubmitOutcome>(TaskCreationOptions.RunContinuationsAsynchronously),
            Activity.Current);
        if (!_queue.Writer.TryWrite(pending)) throw new WriteQueueClosedException();
        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    // Each writer is its own thread, not a thread-pool loop: under load the pool's queue is full of request
    // continuations, and a writer that waited its turn behind them would hold up every one of them.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, WriterCount).Select(_ =>
            Task.Factory.StartNew(() => WriteLoop(new Writer()), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

    /// <summary>
    /// SQLite has one write lock: one writer. On PostgreSQL a commit waits on round trips, not on a lock, so several
    /// writers (each its own connection and transaction) commit side by side — as several instances would; every
    /// invariant is the database's (conditional updates, unique keys, rows sorted against deadlocks).
    /// </summary>
    private int WriterCount => database.Value.Provider == DatabaseProviders.Postgres ? Math.Max(1, database.Value.Writers) : 1;

    /// <summary>One writer's open connection (pragmas applied once, statements prepared once), kept between batches.</summary>
    private sealed class Writer
    {
        public PreparedCommands? Session;
    }

    private void WriteLoop(Writer writer)
    {
        WriterThreadPriority.Raise(logger);
        var batch = new List<Pending>(MaxBatch);
        var reader = _queue.Reader;
        // Keep draining after a stop request: everything accepted before the queue closed gets committed.
        while (reader.WaitToReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var item)) batch.Add(item);
            // Synchronous underneath on this dedicated thread: WriteBatch runs its statements without awaiting,
            // and the transaction begins and commits synchronously.
            CommitWithIsolationAsync(writer, batch).GetAwaiter().GetResult();
            batch.Clear();
        }
        ResetSessionAsync(writer).AsTask().GetAwaiter().GetResult();
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task CommitWithIsolationAsync(Writer writer, List<Pending> batch, int attempt = 1)
    {
        using var span = StartGroupCommit(batch);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var (results, outboxIds) = await CommitAsync(writer, batch);
            ServerMetrics.GroupCommit(batch.Count, Stopwatch.GetElapsedTime(started));
            for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
            if (outboxIds.Count > 0) outbox.Enqueue(outboxIds); // after answering: the sweep covers a crash in between
        }
        catch (Exception batchError) when (batch.Count > 1)
        {
            span?.SetStatus(ActivityStatusCode.Error, batchError.GetType().Name);
            await ResetSessionAsync(writer);
            // One bad write must not fail its neighbours: retry each on its own to find it.
            logger.LogWarning(batchError, "Group commit of {Count} writes failed; retrying them one by one", batch.Count);
            foreach (var item in batch) await CommitWithIsolationAsync(writer, [item]);
        }
        catch (Exception error) when (attempt < 4 && IsTransient(error))
        {
            // Another instance's transaction won a deadlock or held the lock too long: the work is still valid, try again.
            await ResetSessionAsync(writer);
            await Task.Delay(10 * attempt);
            await CommitWithIsolationAsync(writer, batch, attempt + 1);
        }
        catch (Exception error)
        {
            span?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
            await ResetSessionAsync(writer);
            logger.LogError(error, "A durable write failed; the request is answered with an error so WeChat retries it");
            batch[0].Done.TrySetException(error);
        }
    }

    /// <summary>
    /// The commit's span: a hop in the trace of the one request it carries, or — carrying many — a trace of its own,
    /// linked both ways with each request's. Current on this thread while it runs, so outbox rows the writer itself
    /// makes remember it.
    /// </summary>
    private static Activity? StartGroupCommit(List<Pending> batch)
    {
        if (!ServerTelemetry.Source.HasListeners()) return null;
        var callers = batch.Select(p => p.Caller).OfType<Activity>().Distinct().ToList();
        var span = callers.Count == 1
            ? ServerTelemetry.Source.StartActivity("group commit", ActivityKind.Internal, callers[0].Context)
            : ServerTelemetry.Source.StartActivity("group commit", ActivityKind.Internal, default(ActivityContext),
                links: callers.Take(MaxLinks).Select(c => new ActivityLink(c.Context)));
        if (span is null) return null;
        span.SetTag("wechatleads.group_commit.requests", batch.Count);
        if (callers.Count > 1)
            foreach (var caller in callers) caller.AddLink(new ActivityLink(span.Context)); // the caller waits on this commit, idle
        return span;
    }

    // What OpenTelemetry keeps by default; a batch of a thousand requests links the first of them.
    private const int MaxLinks = 128;

    private async Task<(SubmitOutcome[] Results, IReadOnlyList<string> OutboxIds)> CommitAsync(Writer writer, List<Pending> batch)
    {
        var session = writer.Session ??= await OpenSessionAsync();
        var results = new SubmitOutcome[batch.Count];
        var now = time.GetUtcNow().UtcDateTime;

        // Begin and commit synchronously: on this thread an awaited Npgsql commit would resume behind request work.
        await using var tx = new WriteBatch(session, session.Connection.BeginTransaction(), now);
        // Every receipt of the batch in one statement, which answers with the keys it stored: those pushes are new.
        // Sorted: two PostgreSQL instances inserting overlapping keys in opposite orders could deadlock.
        var receipts = batch.Where(p => p.Receipt is not null).Select(p => p.Receipt!.Value).DistinctBy(r => r.Key).OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new object?[] { r.Key, r.Signature, now }).ToList();
        var stored = receipts.Count == 0 ? [] : tx.QueryRows(InsertReceipts, receipts).ToHashSet(StringComparer.Ordinal);
        // A retry storm must not cost the writer a round trip per retry: one query tells retries from replays.
        var refused = receipts.Select(r => (string)r[0]!).Where(key => !stored.Contains(key)).ToHashSet(StringComparer.Ordinal);
        var retried = refused.Count == 0 ? []
            : tx.QueryRows(StoredBefore, [.. refused.Select(key => new object?[] { key })]).ToHashSet(StringComparer.Ordinal);
        var grouped = new Dictionary<Type, List<IGroupedWrite>>();
        // On SQLite, in process, a statement costs no round trip: nothing to gain from sending openings together.
        var pipelined = tx.IsPostgres ? new PipelinedWrites(tx) : null;
        for (var i = 0; i < batch.Count; i++)
        {
            var item = batch[i];
            // Two deliveries of one push in the same batch: the receipt was stored once, and only the first is new.
            var outcome = item.Receipt is not { } receipt || stored.Remove(receipt.Key) ? SubmitOutcome.New
                // Not stored: its key is there (a retry, stored before or a moment ago in this batch) or its signature is (a replay).
                : !refused.Contains(receipt.Key) || retried.Contains(receipt.Key) ? SubmitOutcome.Duplicate
                : SubmitOutcome.Replayed;
            if (outcome == SubmitOutcome.New)
            {
                foreach (var write in item.Writes)
                {
                    if (write is IGroupedWrite g)
                    {
                        if (!grouped.TryGetValue(g.GetType(), out var group)) grouped[g.GetType()] = group = [];
                        group.Add(g);
                    }
                    else if (write is IPipelinedWrite p && pipelined is not null) pipelined.Add(p);
                    else
                    {
                        if (pipelined is not null) await pipelined.FlushAsync(CancellationToken.None); // in order
                        await write.ApplyAsync(tx, CancellationToken.None);
                    }
                }
            }
            results[i] = outcome;
        }
        if (pipelined is not null) await pipelined.FlushAsync(CancellationToken.None);
        foreach (var group in grouped.Values) await group[0].ApplyGroupAsync(tx, group, CancellationToken.None);
        tx.Commit();
        tx.Committed();
        return (results, tx.OutboxIds);
    }

    private async Task<PreparedCommands> OpenSessionAsync()
    {
        var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
        await db.Database.OpenConnectionAsync();
        return new PreparedCommands(scope, db.Database.GetDbConnection());
    }

    private async ValueTask ResetSessionAsync(Writer writer)
    {
        if (writer.Session is null) return;
        try { await writer.Session.DisposeAsync(); }
        catch (Exception e) { logger.LogWarning(e, "Closing the writer's connection failed"); }
        writer.Session = null;
    }

    private static bool IsTransient(Exception error) => error switch
    {
        // 23505: a unique key another writer or instance committed while this batch ran (two taps with one idempotency
        // key); the retry sees that row and answers as for a repeat, as it would have in one batch.
        Npgsql.PostgresException pg => pg.SqlState is "40P01" or "40001" or "55P03" or "23505",
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6, // SQLITE_BUSY, SQLITE_LOCKED
        _ => false,
    };

    /// <param name="Caller">The span of the request that asked (none when nothing traces): it and the group commit link each other.</param>
    private sealed record Pending(PushReceipt? Receipt, IReadOnlyList<IDurableWrite> Writes, TaskCompletionSource<SubmitOutcome> Done,
        Activity? Caller);
}

/// <summary>
/// What makes a push unique: <paramref name="Key"/> (its de-duplication key, shared by WeChat's retries) and
/// <paramref name="Signature"/> (a hash of the timestamp, nonce and signature it came with, never seen on
/// another push while the timestamp is fresh).
/// </summary>
internal readonly record struct PushReceipt(string Key, string Signature);

internal enum SubmitOutcome
{
    /// <summary>Committed.</summary>
    New,

    /// <summary>The same push was stored before (a retry): nothing written.</summary>
    Duplicate,

    /// <summary>Another push was stored with the same signature: a replay, nothing written.</summary>
    Replayed,
}

internal sealed class WriteQueueClosedException() : InvalidOperationException("The durable write queue is shut down.");
