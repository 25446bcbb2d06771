using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Jobs;

namespace WechatLeads.Server.Data;

/// <summary>
/// Group commit. Requests hand their writes to one writer, which drains everything queued, commits it in
/// a single transaction and only then completes each waiting request — so a webhook answers WeChat only
/// after its state is durable, yet hundreds of requests share one commit (one fsync, one WAL append).
/// The receipt key makes WeChat's retries idempotent: a key already stored means "duplicate", and that
/// request's writes are skipped.
/// </summary>
public sealed class DurableWriteQueue(
    IServiceScopeFactory scopes, IOutboxEnqueuer outbox, TimeProvider time, ILogger<DurableWriteQueue> logger) : BackgroundService
{
    private const int MaxBatch = 1024;
    private const string InsertReceipt =
        "INSERT INTO \"WebhookReceipts\" (\"Key\", \"ReceivedAt\") VALUES (@p0, @p1) ON CONFLICT DO NOTHING";

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private PreparedCommands? _session;

    /// <summary>Makes <paramref name="writes"/> durable. Returns false, writing nothing, when <paramref name="receiptKey"/> was seen before.</summary>
    public Task<bool> SubmitAsync(string? receiptKey, IReadOnlyList<IDurableWrite> writes, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(receiptKey, writes, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending)) throw new WriteQueueClosedException();
        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        var reader = _queue.Reader;
        // Keep draining after a stop request: everything accepted before the queue closed gets committed.
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var item)) batch.Add(item);
            await CommitWithIsolationAsync(batch);
            batch.Clear();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        await ResetSessionAsync();
    }

    private async Task CommitWithIsolationAsync(List<Pending> batch, int attempt = 1)
    {
        try
        {
            var (results, outboxIds) = await CommitAsync(batch);
            for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
            if (outboxIds.Count > 0) outbox.Enqueue(outboxIds); // after answering: the sweep covers a crash in between
        }
        catch (Exception batchError) when (batch.Count > 1)
        {
            await ResetSessionAsync();
            // One bad write must not fail its neighbours: retry each on its own to find it.
            logger.LogWarning(batchError, "Group commit of {Count} writes failed; retrying them one by one", batch.Count);
            foreach (var item in batch) await CommitWithIsolationAsync([item]);
        }
        catch (Exception error) when (attempt < 4 && IsTransient(error))
        {
            // Another instance's transaction won a deadlock or held the lock too long: the work is still valid, try again.
            await ResetSessionAsync();
            await Task.Delay(10 * attempt);
            await CommitWithIsolationAsync(batch, attempt + 1);
        }
        catch (Exception error)
        {
            await ResetSessionAsync();
            logger.LogError(error, "A durable write failed; the request is answered with an error so WeChat retries it");
            batch[0].Done.TrySetException(error);
        }
    }

    private async Task<(bool[] Results, IReadOnlyList<string> OutboxIds)> CommitAsync(List<Pending> batch)
    {
        var session = _session ??= await OpenSessionAsync();
        var results = new bool[batch.Count];
        var now = time.GetUtcNow().UtcDateTime;

        await using var tx = new WriteBatch(session, await session.Connection.BeginTransactionAsync(), now);
        for (var i = 0; i < batch.Count; i++)
        {
            var item = batch[i];
            var isNew = item.ReceiptKey is null || await tx.ExecuteAsync(InsertReceipt, CancellationToken.None, item.ReceiptKey, now) == 1;
            if (isNew)
                foreach (var write in item.Writes) await write.ApplyAsync(tx, CancellationToken.None);
            results[i] = isNew;
        }
        await tx.Transaction.CommitAsync();
        return (results, tx.OutboxIds);
    }

    /// <summary>The writer keeps one connection open (pragmas applied once, statements prepared once).</summary>
    private async Task<PreparedCommands> OpenSessionAsync()
    {
        var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
        await db.Database.OpenConnectionAsync();
        return new PreparedCommands(scope, db.Database.GetDbConnection());
    }

    private async Task ResetSessionAsync()
    {
        if (_session is null) return;
        try { await _session.DisposeAsync(); }
        catch (Exception e) { logger.LogWarning(e, "Closing the writer's connection failed"); }
        _session = null;
    }

    private static bool IsTransient(Exception error) => error switch
    {
        Npgsql.PostgresException pg => pg.SqlState is "40P01" or "40001" or "55P03",
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6, // SQLITE_BUSY, SQLITE_LOCKED
        _ => false,
    };

    private sealed record Pending(string? ReceiptKey, IReadOnlyList<IDurableWrite> Writes, TaskCompletionSource<bool> Done);
}

public sealed class WriteQueueClosedException() : InvalidOperationException("The durable write queue is shut down.");
