using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform;
using WechatLeads.Server.WechatApi;

namespace WechatLeads.Server.Health;

/// <summary>
/// Degraded while promised work waits: the oldest outbox message not yet processed is older than a minute
/// (an opt-out's confirmation, an erasure). The instance still serves — it is the cluster's work that lags — so
/// this never makes it unready, only visible.
/// </summary>
internal sealed class OutboxHealthCheck(IServiceScopeFactory scopes, TimeProvider time) : IHealthCheck
{
    public static readonly TimeSpan Lagging = TimeSpan.FromMinutes(1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
        var oldest = await OutboxBacklog.OldestAsync(db, cancellationToken);
        if (oldest is not { } created) return HealthCheckResult.Healthy("outbox empty");
        var age = time.GetUtcNow().UtcDateTime - created;
        return age > Lagging
            ? HealthCheckResult.Degraded($"the oldest outbox message has waited {(int)age.TotalSeconds} s")
            : HealthCheckResult.Healthy($"oldest outbox message {(int)age.TotalSeconds} s");
    }
}

/// <summary>
/// Degraded when the account's shared access token has expired and was not refreshed (WeChat refusing the
/// AppSecret, or unreachable): messages and menu publishing fail until it is. Never fetched yet is healthy.
/// </summary>
internal sealed class AccessTokenHealthCheck(IServiceScopeFactory scopes, WechatAccount account, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
        var expires = await db.Set<AccessTokenRecord>().AsNoTracking().Where(t => t.AppId == account.AppId)
            .Select(t => (DateTime?)t.ExpiresAt).SingleOrDefaultAsync(cancellationToken);
        return expires is { } at && at <= time.GetUtcNow().UtcDateTime
            ? HealthCheckResult.Degraded("the WeChat access token has expired and was not refreshed")
            : HealthCheckResult.Healthy();
    }
}
