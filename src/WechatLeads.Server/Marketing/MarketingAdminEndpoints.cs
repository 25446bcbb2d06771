using System.Text.Json;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Sms;

namespace WechatLeads.Server.Marketing;

/// <summary>
/// Operators schedule marketing sends and watch them: audience, channel, the message (refused at once if
/// it does not name the sender and the way to refuse), progress and skips by reason; cancel stops the rest.
/// </summary>
internal static class MarketingAdminEndpoints
{
    public sealed record AudienceInput(string? Campaign, string? Source, string? Store, DateTime? From, DateTime? To);

    public sealed record NewSend(string? Name, string? Channel, string? Text, string? TemplateId, Dictionary<string, string>? TemplateData,
        AudienceInput? Audience, DateTime? ScheduledAt);

    public static RouteGroupBuilder MapMarketingAdmin(this RouteGroupBuilder admin)
    {
        admin.MapPost("/marketing/sends", CreateAsync).WithName("ScheduleMarketingSend")
            .WithSummary("Schedules a marketing message to an audience (a campaign's leads or a segment) on sms, wechat_template or wechat_customer_service.");
        admin.MapGet("/marketing/sends", ListAsync).WithName("ListMarketingSends").WithSummary("Every send with its progress.");
        admin.MapGet("/marketing/sends/{id}", GetAsync).WithName("GetMarketingSend").WithSummary("One send: sent, pending, skipped by reason, failed.");
        admin.MapPost("/marketing/sends/{id}/cancel", CancelAsync).WithName("CancelMarketingSend").WithSummary("Stops a send: nothing more goes out.");
        return admin;
    }

    private static async Task<Results<Created<SendProgress>, ValidationProblem>> CreateAsync(
        NewSend body, LeadsDbContext db, MarketingDraft draft, IBackgroundJobClient jobs, TimeProvider time, AuditLog audit, HttpContext http,
        CancellationToken ct)
    {
        var (send, problems) = await draft.CheckAsync(body, http.User.Identity?.Name ?? "unknown", ct);
        if (send is null) return ApiProblem.Validation("send", problems);
        var now = time.GetUtcNow().UtcDateTime;
        db.Add(send);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(http, new AuditRecord(AuditActions.MarketingScheduled, $"marketing-send:{send.Id} {send.Channel}"), ct);
        // Saved first; should this enqueue be lost, the minutely sweep starts the send.
        if (send.ScheduledAt <= now) jobs.Enqueue<RunMarketingSends>(r => r.RunAsync(send.Id, CancellationToken.None));
        return TypedResults.Created($"/admin/api/marketing/sends/{send.Id}", (await ProgressAsync(db, send.Id, ct))!);
    }

    private static async Task<List<SendProgress>> ListAsync(LeadsDbContext db, CancellationToken ct)
    {
        var ids = await db.Set<MarketingSend>().OrderByDescending(s => s.Id).Take(100).Select(s => s.Id).ToListAsync(ct);
        var list = new List<SendProgress>();
        foreach (var id in ids) list.Add((await ProgressAsync(db, id, ct))!);
        return list;
    }

    private static async Task<Results<Ok<SendProgress>, ProblemHttpResult>> GetAsync(long id, LeadsDbContext db, CancellationToken ct) =>
        await ProgressAsync(db, id, ct) is { } progress ? TypedResults.Ok(progress) : MarketingProblems.SendNotFound.ToResult();

    private static async Task<Results<Ok<SendProgress>, ProblemHttpResult>> CancelAsync(
        long id, LeadsDbContext db, TimeProvider time, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var changed = await db.Set<MarketingSend>()
            .Where(s => s.Id == id && (s.Status == MarketingSendStatus.Scheduled || s.Status == MarketingSendStatus.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, MarketingSendStatus.Cancelled), ct);
        if (changed == 0)
            return await db.Set<MarketingSend>().AnyAsync(s => s.Id == id, ct)
                ? MarketingProblems.SendFinished.ToResult()
                : MarketingProblems.SendNotFound.ToResult();
        // The rest is recorded at once (a send paused for quiet hours has no run to do it); a run in progress
        // sees the status before its next message and its claimed ones finish.
        await db.Set<MarketingDelivery>().Where(d => d.SendId == id && d.Status == MarketingDeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, MarketingDeliveryStatus.Skipped).SetProperty(d => d.Reason, SkipReasons.Cancelled)
                .SetProperty(d => d.CompletedAt, time.GetUtcNow().UtcDateTime), ct);
        await audit.AppendAsync(http, new AuditRecord(AuditActions.MarketingCancelled, $"marketing-send:{id}"), ct);
        return TypedResults.Ok((await ProgressAsync(db, id, ct))!);
    }

    public static async Task<SendProgress?> ProgressAsync(LeadsDbContext db, long id, CancellationToken ct)
    {
        var s = await db.Set<MarketingSend>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (s is null) return null;
        var counts = await db.Set<MarketingDelivery>().AsNoTracking().Where(d => d.SendId == id)
            .GroupBy(d => new { d.Status, d.Reason }).Select(g => new { g.Key.Status, g.Key.Reason, Count = g.Count() }).ToListAsync(ct);
        int Count(string status) => counts.Where(c => c.Status == status).Sum(c => c.Count);
        return new SendProgress(s.Id, s.Name, s.Channel, s.Status, s.ScheduledAt, s.NotBefore, s.AudienceSize,
            Count(MarketingDeliveryStatus.Pending)
            + Count(MarketingDeliveryStatus.Sending), Count(MarketingDeliveryStatus.Sent)
            + Count(MarketingDeliveryStatus.Delivered),
            Count(MarketingDeliveryStatus.Skipped), Count(MarketingDeliveryStatus.Failed), Count(MarketingDeliveryStatus.Unknown),
            counts.Where(c => c.Status is MarketingDeliveryStatus.Skipped or MarketingDeliveryStatus.Failed && c.Reason is not null)
                .GroupBy(c => c.Reason!).ToDictionary(g => g.Key, g => g.Sum(c => c.Count)),
            s.CreatedBy, s.CreatedAt, s.FinishedAt, Count(MarketingDeliveryStatus.Delivered));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
