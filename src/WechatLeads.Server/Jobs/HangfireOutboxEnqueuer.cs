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
/// </summary>
internal sealed class HangfireOutboxEnqueuer(IBackgroundJobClient jobs, ILogger<HangfireOutboxEnqueuer> logger) : BackgroundService, IOutboxEnqueuer
{
    // Few rows a job: one opt-out row stands for up to 50 opt-outs of a group commit, and small jobs spread
    // over the outbox queue's workers.
    private const int ChunkSize = 8;
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
                while (_ids.Reader.TryRead(out var id))
                {
                    chunk.Add(id);
                    if (chunk.Count == ChunkSize) Flush(chunk);
                }
                Flush(chunk);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: whatever is left is still in the outbox table for the next start's sweep.
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
