using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Server.Tests.Unsubscribe;

namespace WechatLeads.Server.Tests.Telemetry;

/// <summary>
/// Traces, metrics and logs of a participation and an opt-out, captured with OpenTelemetry's in-memory exporters:
/// every hop of a 取消订阅 click is in one trace, and nothing personal is in any span, metric or log.
/// </summary>
public sealed class TelemetryTests : IAsyncLifetime
{
    private readonly List<Activity> _spans = [];
    private readonly List<Metric> _metrics = [];
    private readonly CapturingLoggerProvider _logs = new();
    private readonly WechatLeadsFactory _app;

    public TelemetryTests()
    {
        // Real sockets: the host calls its WeChat sandbox through HttpClient, so HTTP client spans (and their URLs) are captured too.
        _app = new WechatLeadsFactory(
            kestrel: true,
            settings: new Dictionary<string, string?>
            {
                ["Telemetry:Tracing"] = "true",
            },
            services: s =>
            {
                s.ConfigureOpenTelemetryTracerProvider(b => b.AddInMemoryExporter(_spans));
                s.ConfigureOpenTelemetryMeterProvider(b => b.AddInMemoryExporter(_metrics));
                s.AddSingleton<ILoggerProvider>(_logs);
            });
    }

    public Task InitializeAsync()
    {
        _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_participation_and_an_opt_out_leave_no_personal_data_in_spans_metrics_or_logs()
    {
        const string phone = "13912345678";
        var player = await MiniProgramClient.LoginAsync(_app);
        var smsCode = await player.SmsCodeAsync(phone);
        var joined = await player.ParticipateAsync("spring-coupon",
            new { consents = MiniProgramClient.Consents(marketing: true), phone, smsCode, source = "menu" });
        joined.EnsureSuccessStatusCode();
        var couponCode = (await joined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("couponCode").GetString()!;
        var follower = await OptOutSteps.FollowAsync(_app);
        await OptOutSteps.ClickUnsubscribeAsync(_app, follower);
        await OptOutSteps.ConfirmationsEventuallyAsync(_app, follower);
        var scrape = await ScrapeAsync();
        Flush();

        var secrets = new Dictionary<string, string>
        {
            ["phone number"] = phone,
            ["phone number's last eight digits"] = phone[3..],
            ["mini-program openid"] = player.OpenId,
            ["follower openid"] = follower,
            ["SMS code"] = smsCode,
            ["coupon code"] = couponCode,
            ["session token"] = player.Http.DefaultRequestHeaders.Authorization!.Parameter!,
            ["a URL's access token"] = "access_token=",
            ["a URL's AppSecret"] = "secret=",
        };
        var places = new Dictionary<string, string>
        {
            ["spans"] = string.Join('\n', _spans.Select(Describe)),
            ["metrics (OTLP)"] = string.Join('\n', _metrics.Select(Describe)),
            ["metrics (/metrics)"] = scrape,
            ["logs"] = string.Join('\n', _logs.Entries),
        };
        // The capture saw the work: the confirmation, a WeChat call's URL, the counters, the host's log lines.
        Assert.Contains("optout confirmation", places["spans"], StringComparison.Ordinal);
        Assert.Contains("url.full=http://127.0.0.1", places["spans"], StringComparison.Ordinal);
        Assert.NotEmpty(_logs.Entries);
        Assert.Contains("wechatleads_participations", scrape, StringComparison.Ordinal);
        var leaks = (from place in places
                     from secret in secrets
                     where place.Value.Contains(secret.Value, StringComparison.OrdinalIgnoreCase)
                     select $"{secret.Key} in {place.Key}: …{Around(place.Value, secret.Value)}…").ToList();
        Assert.True(leaks.Count == 0, string.Join('\n', leaks));
    }

    [Fact]
    public async Task A_unsubscribe_click_is_one_trace_from_the_push_to_the_confirmation()
    {
        var follower = await OptOutSteps.FollowAsync(_app);
        _spans.Clear();
        await OptOutSteps.ClickUnsubscribeAsync(_app, follower);
        await OptOutSteps.ConfirmationsEventuallyAsync(_app, follower);
        // Spans are exported as they end, the outer ones last: wait until the send's ancestry reaches its root.
        var chain = await Eventually.ReturnsAsync(() =>
        {
            var all = Spans();
            var send = all.LastOrDefault(s => s.DisplayName == "wechat cgi-bin/message/custom/send");
            return Task.FromResult(send is null ? [] : Ancestry(send, all.Where(s => s.TraceId == send.TraceId).ToList()));
        }, c => c.Count > 0 && c[0].ParentSpanId == default, "the confirmation's trace, root included");

        Assert.Equal(["POST /wechat", "group commit", "outbox optout.process", "optout confirmation", "wechat cgi-bin/message/custom/send"],
            chain.Select(s => s.DisplayName));
        var send = chain[^1];
        Assert.Equal(0, send.GetTagItem("wechat.errcode"));
        Assert.Equal("cgi-bin/message/custom/send", send.GetTagItem("wechat.api.path"));
        var outbox = chain[2];
        var job = Spans().Single(s => s.DisplayName == "job OutboxProcessor.ProcessManyAsync" && outbox.Links.Any(l => l.Context.SpanId == s.SpanId));
        Assert.Equal(ActivityKind.Consumer, job.Kind); // the Hangfire job that ran the outbox row, linked from it
    }

    private async Task<string> ScrapeAsync()
    {
        using var staff = _app.CreateClient();
        staff.DefaultRequestHeaders.Authorization = new("Bearer", WechatLeadsFactory.OperatorKey);
        var response = await staff.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private void Flush()
    {
        _app.Services.GetRequiredService<TracerProvider>().ForceFlush();
        _app.Services.GetRequiredService<MeterProvider>().ForceFlush();
    }

    private List<Activity> Spans()
    {
        _app.Services.GetRequiredService<TracerProvider>().ForceFlush();
        lock (_spans) return [.. _spans];
    }

    private static List<Activity> Ancestry(Activity span, List<Activity> trace)
    {
        var chain = new List<Activity>();
        for (var at = span; at is not null; at = trace.FirstOrDefault(s => s.SpanId == at.ParentSpanId)) chain.Insert(0, at);
        return chain;
    }

    private static string Describe(Activity span)
    {
        var text = new StringBuilder(span.DisplayName).Append(' ').Append(span.StatusDescription);
        foreach (var (key, value) in span.TagObjects) text.Append(' ').Append(key).Append('=').Append(value);
        foreach (var e in span.Events)
        {
            text.Append(' ').Append(e.Name);
            foreach (var (key, value) in e.Tags) text.Append(' ').Append(key).Append('=').Append(value);
        }
        foreach (var (key, value) in span.Baggage) text.Append(' ').Append(key).Append('=').Append(value);
        return text.ToString();
    }

    private static string Describe(Metric metric)
    {
        var text = new StringBuilder(metric.Name);
        foreach (ref readonly var point in metric.GetMetricPoints())
            foreach (var (key, value) in point.Tags) text.Append(' ').Append(key).Append('=').Append(value);
        return text.ToString();
    }

    private static string Around(string text, string secret)
    {
        var at = text.IndexOf(secret, StringComparison.OrdinalIgnoreCase);
        return text[Math.Max(0, at - 80)..Math.Min(text.Length, at + secret.Length + 40)];
    }
}
