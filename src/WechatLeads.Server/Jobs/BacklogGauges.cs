using System.Diagnostics.Metrics;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Telemetry;

namespace WechatLeads.Server.Jobs;

/// <summary>
/// The backlog an operator alerts on: outbox rows not yet done and the age of the oldest, Hangfire's enqueued jobs per
/// queue and its failed jobs. Read every <see cref="Every"/> by one loop — never inside a scrape, so a scraper polling
/// every second costs the database nothing and a slow database never stalls a scrape.
/// </summary>
internal sealed class BacklogGauges(IServiceScopeFactory scopes, JobStorage storage, TimeProvider time, ILogger<BacklogGauges> logger)
    : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(15);

    private static Snapshot _latest = new(0, 0, [], 0);

    static BacklogGauges()
    {
        ServerTelemetry.Meter.CreateObservableGauge("wechatleads.outbox.depth", () => _latest.OutboxDepth, "{row}",
            "Outbox rows not yet processed.");
        ServerTelemetry.Meter.CreateObservableGauge("wechatleads.outbox.oldest_age", () => _latest.OutboxOldestSeconds, "s",
            "How long the oldest unprocessed outbox row has waited (0 when the outbox is empty).");
        ServerTelemetry.Meter.CreateObservableGauge("wechatleads.jobs.enqueued",
            () => _latest.Enqueued.Select(q => new Measurement<long>(q.Value, new KeyValuePair<string, object?>("queue", q.Key))), "{job}",
            "Hangfire jobs waiting, per queue.");
        ServerTelemetry.Meter.CreateObservableGauge("wechatleads.jobs.failed", () => _latest.Failed, "{job}",
            "Hangfire jobs that used up their retries and wait for someone in the jobs dashboard.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        do
        {
            try
            {
                _latest = await ReadAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Could not read the outbox and job backlog for metrics: {Error}", e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<Snapshot> ReadAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
        var depth = await OutboxBacklog.Unprocessed(db).LongCountAsync(ct);
        var oldest = depth == 0 ? null : await OutboxBacklog.OldestAsync(db, ct);
        var age = oldest is { } created ? Math.Max(0, (time.GetUtcNow().UtcDateTime - created).TotalSeconds) : 0;
        var monitoring = storage.GetMonitoringApi();
        var queues = monitoring.Queues().ToDictionary(q => q.Name, q => q.Length, StringComparer.Ordinal);
        return new Snapshot(depth, age, queues, monitoring.FailedCount());
    }

    private sealed record Snapshot(long OutboxDepth, double OutboxOldestSeconds, Dictionary<string, long> Enqueued, long Failed);
}
