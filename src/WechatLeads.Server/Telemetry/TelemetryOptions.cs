using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Platform;

namespace WechatLeads.Server.Telemetry;

/// <summary>Configuration section <c>Telemetry</c>.</summary>
internal sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>
    /// Addresses or CIDR ranges (the Prometheus servers) that may read <c>/metrics</c> without an API key. Empty by
    /// default: then only staff can. Behind a load balancer list the scraper's address as the balancer reports it.
    /// </summary>
    public string[] MetricsNetworks { get; set; } = [];

    /// <summary>Traces on or off; by default on exactly when an OTLP endpoint is configured (nowhere to send them otherwise).</summary>
    public bool? Tracing { get; set; }

    private System.Net.IPNetwork[]? _parsed;

    /// <summary>
    /// <see cref="MetricsNetworks"/> parsed, once per options instance (the monitor keeps one until the configuration
    /// changes): a scrape compares addresses, it does not parse configuration.
    /// </summary>
    public System.Net.IPNetwork[] ParsedNetworks =>
        _parsed ??= [.. MetricsNetworks.Select(n => IpNetworks.Parse($"{Section}:MetricsNetworks", n))];

    public static bool NetworksParse(TelemetryOptions o)
    {
        try
        {
            _ = o.ParsedNetworks;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The metrics policy's test: a staff member (cookie or API key), or a caller from a listed network.</summary>
    public static bool MayReadMetrics(AuthorizationHandlerContext context, string[] staffRoles)
    {
        if (staffRoles.Any(context.User.IsInRole)) return true;
        if (context.Resource is not HttpContext http || http.Connection.RemoteIpAddress is not { } address) return false;
        var networks = http.RequestServices.GetRequiredService<IOptionsMonitor<TelemetryOptions>>().CurrentValue.ParsedNetworks;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return networks.Any(n => n.Contains(address));
    }
}
