using System.Diagnostics;
using Hangfire;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.Server;
using WechatLeads.Server.Telemetry;

namespace WechatLeads.Server.Jobs;

/// <summary>
/// Carries the trace across Hangfire: a job enqueued inside a span stores that span's <c>traceparent</c> as a job
/// parameter, and the worker runs the job inside a consumer span whose parent it is — so a marketing send, an
/// erasure or a retry shows up in the trace of the request that asked for it. Jobs enqueued outside any span (the
/// outbox enqueuer, recurring jobs) start their own trace; the outbox rows they run carry their origin themselves.
/// </summary>
internal sealed class JobTracing : JobFilterAttribute, IClientFilter, IServerFilter
{
    private const string Parameter = "traceparent";
    private const string SpanItem = "wechatleads.span";

    /// <summary>Once per process: Hangfire's filters are global, and test hosts share a process.</summary>
    public static void Install()
    {
        lock (GlobalJobFilters.Filters)
            if (!GlobalJobFilters.Filters.Any(f => f.Instance is JobTracing)) GlobalJobFilters.Filters.Add(new JobTracing());
    }

    public void OnCreating(CreatingContext context)
    {
        if (ServerTelemetry.CurrentTraceParent() is { } traceParent) context.SetJobParameter(Parameter, traceParent);
    }

    public void OnCreated(CreatedContext context)
    {
    }

    public void OnPerforming(PerformingContext context)
    {
        var job = context.BackgroundJob.Job;
        var span = ServerTelemetry.StartFrom($"job {job.Type.Name}.{job.Method.Name}", ActivityKind.Consumer,
            context.GetJobParameter<string>(Parameter, allowStale: true));
        if (span is null) return;
        span.SetTag("messaging.system", "hangfire");
        span.SetTag("messaging.message.id", context.BackgroundJob.Id);
        span.SetTag("hangfire.retry_count", context.GetJobParameter<int>("RetryCount", allowStale: true));
        context.Items[SpanItem] = span;
    }

    public void OnPerformed(PerformedContext context)
    {
        if (context.Items.TryGetValue(SpanItem, out var item) && item is Activity span)
        {
            // The exception's type only: messages may carry data a trace must not.
            if (context.Exception is { } error && !context.ExceptionHandled)
                span.SetStatus(ActivityStatusCode.Error, (error.InnerException ?? error).GetType().Name);
            span.Dispose();
        }
    }
}
