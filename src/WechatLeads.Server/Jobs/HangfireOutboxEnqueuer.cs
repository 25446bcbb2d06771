using System.Threading.Channels;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Jobs;

/// <summary>
/// Hands outbox ids to Hangfire off the request path: the writer drops them in a channel and returns at
/// once; this loop enqueues one job per few ids (a group commit's opt-outs are already one row per 50), so
/// a burst of thousands of opt-outs costs a handful of enqueues. Ids lost in a crash before they are
/// enqueued are found by the sweep.
/// A job is costly to make on PostgreSQL storage (about ten statements, each its own transaction, plus the
/// fetch and the state changes when it runs), and in a rush every group commit adds one outbox row a few
/// milliseconds after the last: a partial chunk waits <see cref="Linger"/> for more before it is enqueued, so
/// a rush makes full jobs instead of one job per commit. The follow-up starts that much later, well inside
/// anything it waits for (a clicked menu's one-minute customer-service window).
/// </summary>
internal sealed class HangfireOutboxEnqueuer(IBackgroundJobClient jobs, ILogger<HangfireOutboxEnqueuer> logger) : BackgroundService, IOutboxEnqueuer
{
    // Few rows a job: one opt-out row stands for up to 50 opt-outs of a group commit (in a rush about 15), and
    // small jobs spread over the outbox queue's workers; a follow-up that runs long defers its rest to a retry.
    private const int ChunkSize = 16;
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(50);
    private readonly Channel<string> _ids = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(IEnumerable<string> outboxIds)
    {
        foreach (var id in outboxIds) _ids.Writer.TryWrite(id);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var chunk = new List<string>(ChunkSize);
        try
        {
            while (await _ids.Reader.WaitToReadAsync(stoppingToken))
            {
                Drain(chunk);
                if (chunk.Count > 0)
                {
                    // Stopping cuts the wait short; what was read is still enqueued.
                    await Task.Delay(Linger, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    Drain(chunk);
                }
                Flush(chunk);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: whatever is left is still in the outbox table for the next start's sweep.
        }
    }

    /// <summary>Reads every id waiting, enqueueing each full chunk; a partial one stays in <paramref name="chunk"/>.</summary>
    private void Drain(List<string> chunk)
    {
        while (_ids.Reader.TryRead(out var id))
        {
            chunk.Add(id);
            if (chunk.Count == ChunkSize) Flush(chunk);
        }
    }

    private void Flush(List<string> chunk)
    {
        if (chunk.Count == 0) return;
        var ids = chunk.ToArray();
        chunk.Clear();
        try
        {
            jobs.Enqueue<OutboxProcessor>(OutboxProcessor.Queue, p => p.ProcessManyAsync(ids, CancellationToken.None));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not enqueue {Count} outbox items; the sweep will pick them up", ids.Length);
        }
    }
}
