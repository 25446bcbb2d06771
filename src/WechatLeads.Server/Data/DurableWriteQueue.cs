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

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    private async Task CommitWithIsolationAsync(List<Pending> batch)
    {
        try
        {
            var results = await CommitAsync(batch);
            for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
        }
        catch (Exception batchError) when (batch.Count > 1)
        {
            // One bad write must not fail its neighbours: retry each on its own to find it.
            logger.LogWarning(batchError, "Group commit of {Count} writes failed; retrying them one by one", batch.Count);
            foreach (var item in batch) await CommitWithIsolationAsync([item]);
        }
        catch (Exception error)
        {
            logger.LogError(error, "A durable write failed; the request is answered with an error so WeChat retries it");
            batch[0].Done.TrySetException(error);
        }
    }

    private async Task<bool[]> CommitAsync(List<Pending> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        var results = new bool[batch.Count];
        var now = time.GetUtcNow().UtcDateTime;

        await using (var tx = new WriteBatch(connection, await connection.BeginTransactionAsync(), now))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var item = batch[i];
                var isNew = item.ReceiptKey is null || await tx.ExecuteAsync(InsertReceipt, CancellationToken.None, item.ReceiptKey, now) == 1;
                if (isNew)
                    foreach (var write in item.Writes) await write.ApplyAsync(tx, CancellationToken.None);
                results[i] = isNew;
            }
            await tx.Transaction.CommitAsync();
            if (tx.OutboxIds.Count > 0) outbox.Enqueue(tx.OutboxIds);
        }
        return results;
    }

    private sealed record Pending(string? ReceiptKey, IReadOnlyList<IDurableWrite> Writes, TaskCompletionSource<bool> Done);
}

public sealed class WriteQueueClosedException() : InvalidOperationException("The durable write queue is shut down.");
