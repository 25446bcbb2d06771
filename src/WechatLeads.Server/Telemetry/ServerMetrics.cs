using System.Diagnostics.Metrics;

namespace WechatLeads.Server.Telemetry;

/// <summary>
/// Counters and histograms of what the product does, for dashboards and alerts (docs/operations.md). Labels are
/// bounded sets — kinds, outcomes, channels, error codes — so a hostile caller cannot grow a series per request.
/// </summary>
internal static class ServerMetrics
{
    private static readonly Counter<long> Pushes = ServerTelemetry.Meter.CreateCounter<long>(
        "wechatleads.pushes", "{push}", "WeChat pushes by kind (message type or event) and outcome (new, duplicate, replayed, refused).");

    private static readonly Counter<long> OptOuts = ServerTelemetry.Meter.CreateCounter<long>(
        "wechatleads.optouts", "{optout}", "Marketing opt-outs acknowledged, by channel (menu, reply, my-data page, unfollow…).");

    private static readonly Counter<long> Participations = ServerTelemetry.Meter.CreateCounter<long>(
        "wechatleads.participations", "{participation}", "Participation attempts that reached the write, by campaign type and status.");

    private static readonly Counter<long> Issued = ServerTelemetry.Meter.CreateCounter<long>(
        "wechatleads.coupons.issued", "{coupon}", "Coupons issued (a draw's win or a coupon campaign's coupon).");

    private static readonly Counter<long> Redeemed = ServerTelemetry.Meter.CreateCounter<long>(
        "wechatleads.coupons.redeemed", "{coupon}", "Coupons redeemed at a till or in the console.");

    private static readonly Counter<long> SmsMessages = ServerTelemetry.Meter.CreateCounter<long>(
        "wechatleads.sms", "{message}",
        "SMS by provider and outcome: sent (accepted), failed, unknown (the request left, no answer); then the receipt's delivered or undelivered.");

    private static readonly Counter<long> RiskRanks = ServerTelemetry.Meter.CreateCounter<long>(
        "wechatleads.risk.verdicts", "{verdict}", "WeChat risk-rank verdicts of draws: the rank (or none) and the action taken.");

    private static readonly Histogram<int> BatchSize = ServerTelemetry.Meter.CreateHistogram<int>(
        "wechatleads.group_commit.batch_size", "{write}", "Requests committed together by one group commit.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1024] });

    private static readonly Histogram<double> CommitDuration = ServerTelemetry.Meter.CreateHistogram<double>(
        "wechatleads.group_commit.duration", "s", "Time one group commit took, from its first statement to the commit.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] });

    public static void Push(string kind, string outcome) => Pushes.Add(1, Tag("kind", kind), Tag("outcome", outcome));

    public static void OptOut(string channel) => OptOuts.Add(1, Tag("channel", channel));

    public static void Participation(string campaignType, string status, bool couponIssued)
    {
        Participations.Add(1, Tag("campaign_type", campaignType), Tag("status", status));
        if (couponIssued) Issued.Add(1, Tag("campaign_type", campaignType));
    }

    public static void Redemption() => Redeemed.Add(1);

    public static void Sms(string provider, string outcome) => SmsMessages.Add(1, Tag("provider", provider), Tag("outcome", outcome));

    public static void RiskVerdict(int? rank, string action) =>
        RiskRanks.Add(1, Tag("rank", rank is { } r ? r.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none"), Tag("action", action));

    public static void GroupCommit(int requests, TimeSpan took)
    {
        BatchSize.Record(requests);
        CommitDuration.Record(took.TotalSeconds);
    }

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);
}
