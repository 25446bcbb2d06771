using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Data;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Retention;

internal static class RetentionEndpoints
{
    public static WebApplicationBuilder AddRetention(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<RetentionPurge>();
        // 03:30 Beijing: after the day's promotions, before the morning's.
        builder.Services.AddRecurringJob<RetentionPurge>(RetentionPurge.RecurringJobId, p => p.RunAsync("schedule", CancellationToken.None), "30 19 * * *");
        return builder;
    }

    public sealed record RunAccepted(string JobId);

    public static RouteGroupBuilder MapRetentionAdmin(this RouteGroupBuilder admin)
    {
        var compliance = admin.MapGroup("/compliance/retention").RequireAuthorization(AdminPolicies.Compliance);
        compliance.MapGet("/runs", async (LeadsDbContext db, CancellationToken ct) =>
                await db.Set<RetentionRun>().AsNoTracking().OrderByDescending(r => r.Id).Take(100).ToListAsync(ct))
            .WithName("ListRetentionRuns").WithSummary("The retention job's run reports: what was deleted or pseudonymised, how many, when.");
        compliance.MapPost("/run", (IBackgroundJobClient jobs, HttpContext http) =>
            {
                var who = "staff:" + (http.User.Identity?.Name ?? "unknown");
                return TypedResults.Accepted("/admin/api/compliance/retention/runs",
                    new RunAccepted(jobs.Enqueue<RetentionPurge>(p => p.RunAsync(who, CancellationToken.None))));
            })
            .WithName("RunRetentionNow").WithSummary("Runs the retention purge now (it also runs daily).");
        return admin;
    }

    /// <summary>Retention runs: start one, list them.</summary>
    public static WebApplication MapRetention(this WebApplication app)
    {
        app.MapAdminApi().MapRetentionAdmin();
        return app;
    }
}
