using Microsoft.AspNetCore.Http.HttpResults;

namespace WechatLeads.Server.Anomalies;

internal static class ActivityEndpoints
{
    public sealed record ActivityAnswer(ActivityReport Activity, IReadOnlyList<AnomalyAlert> Alerts);

    public static RouteGroupBuilder MapDrawActivity(this RouteGroupBuilder admin)
    {
        admin.MapGet("/campaigns/{slug}/activity", ActivityAsync).WithName("GetCampaignActivity")
            .WithSummary("Signs of abuse: participations per minute over the last hour, bursts against the day's pace, the top client addresses " +
                "and /24 (/64) segments of the last 24 hours, and the campaign's current anomaly alerts (rate jump, high-risk share).");
        return admin;
    }

    private static async Task<Results<Ok<ActivityAnswer>, ProblemHttpResult>> ActivityAsync(
        string slug, DrawActivity activity, AnomalyMonitor monitor, CancellationToken ct) =>
        await activity.ReportAsync(slug, ct) is { } report
            ? TypedResults.Ok(new ActivityAnswer(report, [.. (await monitor.CurrentAsync(ct)).Where(a => a.Campaign == slug)]))
            : Campaigns.CampaignProblems.NotFound.ToResult();
}
