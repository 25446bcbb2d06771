using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Health;

/// <summary>
/// <c>/healthz/live</c>: the process answers (no dependency is asked: an orchestrator restarts on failure, and a
/// database outage is no reason to restart every instance). <c>/healthz/ready</c>: this instance can serve — the
/// database, the job storage, the SMS provider when one is configured, the WeChat token, the outbox's lag;
/// Degraded (still 200) where something is slow but working, 503 when it can't serve. <c>/healthz</c>: as before
/// (database, jobs, SMS and the draw-anomaly alarm), for dashboards, not for load balancers.
/// </summary>
internal static class HealthSetup
{
    public const string Ready = "ready";

    /// <summary>Checks only readiness asks (lag and token): not part of the older <c>/healthz</c> answer.</summary>
    private const string ReadyOnly = "ready-only";

    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready])
            .AddCheck<HangfireHealthCheck>("hangfire", tags: [Ready])
            .AddCheck<Sms.SmsHealthCheck>("sms", tags: [Ready])
            .AddCheck<OutboxHealthCheck>("outbox", tags: [Ready, ReadyOnly])
            .AddCheck<AccessTokenHealthCheck>("wechat-token", tags: [Ready, ReadyOnly]);
        return builder;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        // "Healthy" alone when all is well (what probes match on); otherwise the status, then each failing check's reason.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = c => !c.Tags.Contains(ReadyOnly), ResponseWriter = WriteAsync })
            .ExcludeFromDescription();
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).ExcludeFromDescription();
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync })
            .ExcludeFromDescription();
        return app;
    }

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "text/plain; charset=utf-8";
        var lines = new List<string> { report.Status.ToString() };
        lines.AddRange(report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy)
            .Select(e => $"{e.Key}: {e.Value.Status}: {e.Value.Description ?? e.Value.Exception?.GetType().Name ?? ""}"));
        return http.Response.WriteAsync(string.Join('\n', lines));
    }
}

/// <summary>Healthy when job storage answers and, where this instance runs jobs, a server is alive.</summary>
internal sealed class HangfireHealthCheck(JobStorage storage, IConfiguration configuration) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var monitoring = storage.GetMonitoringApi();
            var servers = monitoring.Servers();
            var expectServer = configuration.GetValue("Hangfire:ServerEnabled", true);
            if (expectServer && servers.Count == 0) return Task.FromResult(HealthCheckResult.Unhealthy("No Hangfire server is running."));
            var stats = monitoring.GetStatistics();
            return Task.FromResult(HealthCheckResult.Healthy($"{servers.Count} server(s), {stats.Enqueued} enqueued, {stats.Failed} failed"));
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Hangfire storage is unreachable.", e));
        }
    }
}

/// <summary>Healthy when the database answers a query.</summary>
internal sealed class DatabaseHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database does not answer.");
    }
}
