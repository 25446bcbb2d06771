using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace WechatLeads.Server.Sms;

/// <summary>
/// This instance's latest provider outcome: a failure for the provider's reasons (down, timing out,
/// credentials refused) keeps /healthz Degraded for <see cref="SmsOptions.HealthWindow"/>, unless a later send
/// succeeded. Per instance, in memory: each instance reports what it saw.
/// </summary>
internal sealed class SmsHealth
{
    private readonly Lock _gate = new();
    private DateTime? _lastSuccess;
    private DateTime? _lastFailure;
    private string _provider = "";
    private string _code = "";
    private int _failures;

    public void Succeeded(string provider, DateTime at)
    {
        lock (_gate) { _lastSuccess = at; _failures = 0; _provider = provider; }
    }

    public void Failed(string provider, string code, DateTime at)
    {
        lock (_gate) { _lastFailure = at; _failures++; _provider = provider; _code = code; }
    }

    /// <summary>Null when healthy; otherwise the reason (provider, code, count, time — never a number or secret).</summary>
    public string? Problem(DateTime now, TimeSpan window)
    {
        lock (_gate)
        {
            if (_lastFailure is not { } failed || now - failed > window || _lastSuccess > failed) return null;
            return $"{_provider} SMS failing: {_failures} failed send(s) since the last success, the latest at {failed:O} ({_code}).";
        }
    }
}

internal sealed class SmsHealthCheck(SmsHealth health, IOptionsMonitor<SmsOptions> options, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(health.Problem(time.GetUtcNow().UtcDateTime, options.CurrentValue.HealthWindow) is { } problem
            ? HealthCheckResult.Degraded(problem)
            : HealthCheckResult.Healthy());
}
