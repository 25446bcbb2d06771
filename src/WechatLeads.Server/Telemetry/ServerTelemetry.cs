using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace WechatLeads.Server.Telemetry;

/// <summary>
/// The server's own tracer and meter. Spans and measurements name kinds, outcomes and codes — never a phone number,
/// an openid, a coupon or SMS code, a token or a body: a trace backend is read by more people than the database.
/// </summary>
internal static class ServerTelemetry
{
    public const string Name = "WechatLeads.Server";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    /// <summary>
    /// A span whose parent is the W3C <c>traceparent</c> stored with work handed on (an outbox row, a job, an opt-out),
    /// so the hop after a queue joins the trace of the request that asked for it. Links name further origins.
    /// </summary>
    public static Activity? StartFrom(string name, ActivityKind kind, string? traceParent, IEnumerable<string?>? linked = null)
    {
        if (!Source.HasListeners()) return null;
        var parent = Parse(traceParent);
        // Running inside that trace already (one request's commit, then its outbox row): nest under the current span.
        if (Activity.Current is { } inside && parent.TraceId == inside.TraceId) parent = inside.Context;
        var origins = (linked ?? []).Select(Parse);
        // The span this runs in (a job's) is linked when the stored parent takes its place.
        if (parent != default && Activity.Current is { } current) origins = origins.Append(current.Context);
        var links = origins.Where(c => c != default && c != parent).Distinct().Select(c => new ActivityLink(c)).ToList();
        return Source.StartActivity(name, kind, parent, links: links);
    }

    /// <summary>The current span as a <c>traceparent</c>, to store with work this request hands on; null when nothing traces.</summary>
    public static string? CurrentTraceParent() => Activity.Current?.Id is { } id && Activity.Current.IdFormat == ActivityIdFormat.W3C ? id : null;

    private static ActivityContext Parse(string? traceParent) =>
        ActivityContext.TryParse(traceParent, null, out var context) ? context : default;
}
