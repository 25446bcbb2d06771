using Microsoft.AspNetCore.Http.HttpResults;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Compliance;

internal static class EvidenceReportEndpoints
{
    public static WebApplicationBuilder AddCompliance(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<EvidenceReport>();
        return builder;
    }

    public static RouteGroupBuilder MapEvidenceReport(this RouteGroupBuilder admin)
    {
        admin.MapGet("/compliance/report", ReportAsync).RequireAuthorization(AdminPolicies.Compliance).WithName("ComplianceEvidenceReport")
            .WithSummary("The evidence report for a period (from, to: moments, UTC unless an offset is given, to exclusive; or fromDay, toDay: China " +
                "calendar days, both included; default the last 30 days): a printable page, or JSON with format=json.")
            .Produces<EvidenceReport.Report>(200).Produces(200, contentType: "text/html");
        return admin;
    }

    private static async Task<IResult> ReportAsync(
        DateTime? from, DateTime? to, DateOnly? fromDay, DateOnly? toDay, string? format, HttpContext http, EvidenceReport evidence, TimeProvider time,
        CancellationToken ct)
    {
        if (UtcTime.BothForms(from, fromDay, to, toDay) is { } bothForms) return bothForms;
        var now = time.GetUtcNow().UtcDateTime;
        var end = UtcTime.End(to, toDay) ?? now;
        var start = UtcTime.Start(from, fromDay) ?? end.AddDays(-30);
        if (end <= start) return ComplianceProblems.EmptyPeriod.ToResult();
        if (end - start > TimeSpan.FromDays(366 * 5)) return ComplianceProblems.PeriodTooLong.ToResult();
        if (format is not (null or "html" or "json")) return ComplianceProblems.UnknownFormat.ToResult();
        var report = await evidence.BuildAsync(start, end, now, ct);
        return format == "json" ? TypedResults.Ok(report) : ConsoleLayout.Render<EvidenceReportPage>(http, EvidenceReportSections.View(report, now));
    }

    /// <summary>The evidence report.</summary>
    public static WebApplication MapCompliance(this WebApplication app)
    {
        app.MapAdminApi().MapEvidenceReport();
        return app;
    }
}
