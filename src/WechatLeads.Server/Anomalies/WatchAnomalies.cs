using Hangfire;

namespace WechatLeads.Server.Anomalies;

/// <summary>
/// Every minute: logs each anomaly at Warning when it starts (once, not every minute it lasts), so alerting
/// built on logs fires; the health endpoint reports it as Degraded for as long as it lasts.
/// </summary>
internal sealed class WatchAnomalies(AnomalyMonitor monitor, ILogger<WatchAnomalies> logger)
{
    public const string RecurringJobId = "draw-anomaly-watch";

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var started = monitor.NewSinceLastWatch(await monitor.CurrentAsync(ct));
        foreach (var a in started)
            logger.LogWarning("Draw anomaly on campaign {Campaign}: {Kind} ({Detail})", a.Campaign, a.Kind, a.Detail);
        return started.Count;
    }
}
