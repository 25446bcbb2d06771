using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WechatLeads.Server.Anomalies;

/// <summary>Degraded while any open draw shows signs of a farm: someone should look at its dashboard.</summary>
internal sealed class AnomalyHealthCheck(AnomalyMonitor monitor) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var alerts = await monitor.CurrentAsync(cancellationToken);
        return alerts.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded(string.Join("; ", alerts.Select(a => $"{a.Campaign} {a.Kind}: {a.Detail}")));
    }
}
