using System.Globalization;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.DataRights;

/// <summary>Compliance's page: data-subject requests with their deadlines, and the evidence report for a period.</summary>
internal static class DataRequestPages
{
    public static IEndpointRouteBuilder MapDataRequestPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/compliance", PageAsync).ExcludeFromDescription().RequireAuthorization(AdminPolicies.Compliance);
        return app;
    }

    private static async Task<IResult> PageAsync(HttpContext http, LeadsDbContext db, TimeProvider time, CancellationToken ct)
    {
        var requests = await DataRightsEndpoints.ListAsync(db, time, ct);
        var rows = requests.Select(r => new DataRequestRow(r.Id, TypeName(r.Type), r.Channel, When(r.ReceivedAt), When(r.DueAt),
            (r.Status == DataRequestStatus.Completed ? "已完成" : "处理中") + (r.Overdue ? "（逾期）" : ""),
            r.CompletedAt is { } c ? When(c) : "", r.Overdue,
            CanAnswer: r.Type == DataRequestTypes.Access && r.Status == DataRequestStatus.Received)).ToList();
        var today = ChinaTime.Date(time.GetUtcNow().UtcDateTime);
        var view = new DataRequestsView(Day(today.AddDays(-30)), Day(today), DataRightsEndpoints.RecentAnswered, rows);
        return ConsoleLayout.Render<DataRequestsPage>(http, view);
    }

    private static string When(DateTime utc) => ChinaTime.Format(utc);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string TypeName(string type) => type switch
    {
        DataRequestTypes.Access => "查阅（下载副本）",
        DataRequestTypes.Copy => "复制（下载）",
        DataRequestTypes.Correct => "更正手机号",
        DataRequestTypes.Delete => "删除",
        _ => type,
    };
}
