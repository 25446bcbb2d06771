using System.Diagnostics;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Server.Telemetry;

/// <summary>
/// OpenTelemetry for the whole host. Metrics are always kept and served at <c>/metrics</c> (Prometheus text) to staff
/// and to the networks in <c>Telemetry:MetricsNetworks</c>. Traces and OTLP export are off unless the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or a per-signal endpoint) is set — then traces, metrics and logs go there, shaped
/// by the other <c>OTEL_*</c> variables (service name, headers, protocol). See docs/operations.md.
/// </summary>
internal static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";

    private static readonly string[] OtlpEndpointKeys =
        ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"];

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.Section))
            .Validate(TelemetryOptions.NetworksParse, $"{TelemetryOptions.Section}:MetricsNetworks has an entry that is not an address or CIDR range.")
            .ValidateOnStart();
        var otlp = OtlpEndpointKeys.Any(k => !string.IsNullOrWhiteSpace(configuration[k]));
        var tracing = configuration.GetValue($"{TelemetryOptions.Section}:Tracing", otlp);
        var disabled = configuration.GetValue("OTEL_SDK_DISABLED", false);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r =>
            {
                // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES are read by the SDK; this is the name without them.
                if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"])) r.AddService("wechatleads");
            })
            .WithMetrics(m => m
                .AddMeter(ServerTelemetry.Name, WechatTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        if (tracing && !disabled)
        {
            telemetry.WithTracing(t => t
                .SetSampler(new ParentBasedSampler(new NoStrayClientRoots()))
                .AddSource(ServerTelemetry.Name, WechatTelemetry.Name)
                .AddAspNetCoreInstrumentation(o =>
                {
                    // Probes and scrapes every few seconds are noise, not requests anyone follows.
                    o.Filter = http => !http.Request.Path.StartsWithSegments("/healthz") && !http.Request.Path.StartsWithSegments(MetricsPath);
                    o.EnrichWithHttpResponse = (span, response) => KeepRouteOnly(span, response.HttpContext);
                })
                .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = (span, request) =>
                    // Scheme, host and path: the query of a WeChat call carries the access token or the AppSecret.
                    span.SetTag("url.full", request.RequestUri?.GetLeftPart(UriPartial.Path)))
                .AddEntityFrameworkCoreInstrumentation()
                .AddNpgsql());
        }
        if (otlp && !disabled) telemetry.UseOtlpExporter();
        return builder;
    }

    /// <summary>
    /// <c>/metrics</c>. Prometheus scrapes it with an admin API key (<c>Authorization: Bearer …</c>) or from a network
    /// listed in <c>Telemetry:MetricsNetworks</c>; a console session can open it too.
    /// </summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(AdminPolicies.Metrics).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// The route template stands in for the path and the query goes: either can carry what a span must not (a coupon
    /// token, an OAuth code). Requests no route matched keep no path at all.
    /// </summary>
    private static void KeepRouteOnly(Activity span, HttpContext http)
    {
        span.SetTag("url.path", (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(unmatched)");
        span.SetTag("url.query", null);
    }

    /// <summary>
    /// Drops a database or HTTP call that starts a trace of its own — Hangfire's polling of its queue, a pool's
    /// keep-alive — and keeps every other root: requests, jobs, the group commit.
    /// </summary>
    private sealed class NoStrayClientRoots : Sampler
    {
        public override SamplingResult ShouldSample(in SamplingParameters parameters) =>
            new(parameters.Kind == ActivityKind.Client ? SamplingDecision.Drop : SamplingDecision.RecordAndSample);
    }
}
