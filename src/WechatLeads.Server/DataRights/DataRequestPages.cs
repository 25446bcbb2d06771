using System.Globalization;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;
using static WechatLeads.Server.Platform.Web.ConsoleLayout;
using static WechatLeads.Server.Platform.Web.Html;

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
        var rows = string.Concat(requests.Select(r => $"""
            <tr{(r.Overdue ? " class=\"overdue\"" : "")}><td>{E(TypeName(r.Type))}</td><td>{E(r.Channel)}</td><td>{ChinaLocal(r.ReceivedAt).Replace('T', ' ')}</td>
            <td>{ChinaLocal(r.DueAt).Replace('T', ' ')}</td><td>{(r.Status == DataRequestStatus.Completed ? "已完成" : "处理中")}{(r.Overdue ? "（逾期）" : "")}</td>
            <td>{(r.CompletedAt is { } c ? ChinaLocal(c).Replace('T', ' ') : "")}</td><td class="muted">{E(r.Id)}</td><td>{AnswerButton(r)}</td></tr>
            """));
        var today = ChinaTime.Date(time.GetUtcNow().UtcDateTime);
        return Page(http, "合规", $"""
            <div class="card"><h1>合规证明报告</h1>
            <form method="get" action="/admin/api/compliance/report" class="grid">
              {Field("起（北京时间）", "fromDay", today.AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "date")}{Field("止（北京时间，含当天）", "toDay", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "date")}
              <div class="actions"><button type="submit">生成报告</button></div></form>
            <p class="muted">另见 <a href="/admin/audit">审计日志</a> · <a href="/admin/api/compliance/retention/runs">保留期限任务记录（JSON）</a></p></div>
            <div class="card"><h2>个人信息主体权利请求</h2><p class="muted">法定期限 15 个工作日。先列出待处理的请求（期限最早的在前），再列出最近 {DataRightsEndpoints.RecentAnswered} 条已完成的。
            删除由后台任务执行，通常几分钟内完成；查阅请求在本人下载副本时已交付副本，核实无遗漏（其他系统、对处理活动的询问）后点“已答复”。同一人在请求处理前重复下载不另计。</p>
            <table id="requests"><tr><th>类型</th><th>渠道</th><th>收到</th><th>期限</th><th>状态</th><th>完成</th><th>编号</th><th></th></tr>{rows}</table></div>
            """);
    }

    private static string AnswerButton(DataRightsEndpoints.RequestView r) =>
        r.Type == DataRequestTypes.Access && r.Status == DataRequestStatus.Received
            ? $"<form data-api=\"/admin/api/compliance/requests/{E(r.Id)}/answer\"><button type=\"submit\" class=\"secondary\">已答复</button><output></output></form>"
            : "";

    private static string TypeName(string type) => type switch
    {
        DataRequestTypes.Access => "查阅（下载副本）",
        DataRequestTypes.Copy => "复制（下载）",
        DataRequestTypes.Correct => "更正手机号",
        DataRequestTypes.Delete => "删除",
        _ => type,
    };
}
