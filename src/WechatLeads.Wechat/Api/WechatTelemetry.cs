using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace WechatLeads.Wechat.Api;

/// <summary>
/// What the WeChat client tells a tracer and a meter: one client span per API call (the endpoint's path and the
/// errcode as attributes — never the URL, whose query carries the access token or the AppSecret) and counts of
/// calls by endpoint and errcode and of token refreshes. The host chooses whether to listen; with nobody listening
/// both cost a null check.
/// </summary>
public static class WechatTelemetry
{
    /// <summary>The name of the <see cref="ActivitySource"/> and the <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string Name = "WechatLeads.Wechat";

    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Calls = Meter.CreateCounter<long>(
        "wechat.api.calls", "{call}", "WeChat API calls by endpoint and errcode (0 is success; -2 means no usable answer arrived).");

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "wechat.api.duration", "s", "Time a WeChat API call took, retries included.");

    private static readonly Counter<long> Refreshes = Meter.CreateCounter<long>(
        "wechat.token.refreshes", "{refresh}", "Access-token fetches from WeChat, by outcome (ok or the errcode).");

    internal static Activity? StartCall(string endpoint)
    {
        var activity = Source.StartActivity("wechat " + endpoint, ActivityKind.Client);
        activity?.SetTag("wechat.api.path", endpoint);
        return activity;
    }

    internal static void EndCall(Activity? activity, string endpoint, int errorCode, TimeSpan elapsed)
    {
        var errcode = new KeyValuePair<string, object?>("wechat.errcode", errorCode);
        var path = new KeyValuePair<string, object?>("wechat.api.path", endpoint);
        Calls.Add(1, path, errcode);
        Duration.Record(elapsed.TotalSeconds, path, errcode);
        if (activity is null) return;
        activity.SetTag("wechat.errcode", errorCode);
        if (errorCode != 0) activity.SetStatus(ActivityStatusCode.Error, "errcode " + errorCode);
    }

    internal static void TokenRefreshed(int errorCode) =>
        Refreshes.Add(1, new KeyValuePair<string, object?>("outcome", errorCode == 0 ? "ok" : "errcode " + errorCode));
}
