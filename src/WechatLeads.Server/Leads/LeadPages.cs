using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;
using static WechatLeads.Server.Platform.Web.ConsoleLayout;
using static WechatLeads.Server.Platform.Web.Html;

namespace WechatLeads.Server.Leads;

/// <summary>
/// The console's lead list: the API's search as a form, phones masked for everyone. Compliance gets a
/// reveal form per row (reason required, audited by the API before the number is shown) and the unmasked
/// export; Operators see neither.
/// </summary>
internal static class LeadPages
{
    private const int PageSize = 50;

    public static IEndpointRouteBuilder MapLeadPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/leads", PageAsync).ExcludeFromDescription().RequireAuthorization(AdminPolicies.Staff);
        return app;
    }

    private static async Task<IResult> PageAsync([AsParameters] LeadSearch search, HttpContext http, LeadsDbContext db, PhoneProtector phones, CancellationToken ct)
    {
        var problem = search.Problem();
        var rows = problem is null ? await LeadQuery.Search(db, search.Filter with { After = search.After }).Take(PageSize).ToListAsync(ct) : [];
        var compliance = LeadAdminEndpoints.IsCompliance(http.User);
        var filterQuery = string.Join('&', http.Request.Query.Where(q => q.Key is not ("after" or "limit") && !string.IsNullOrWhiteSpace(q.Value)).Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}"));
        var table = string.Concat(rows.Select(r => $"""
            <tr><td>{ChinaLocal(r.CreatedAt).Replace('T', ' ')}</td><td>{E(r.Campaign)}</td><td class="phone">{E(phones.MaskStored(r.PhoneCipher))}</td>
            <td>{E(r.Channel)}</td><td>{E(r.Source)}</td><td>{E(r.Store)}</td><td>{(r.MarketingConsent ? "是" : "否")}</td>
            {(compliance ? $"""<td><form data-api="/admin/api/leads/{E(r.Id)}/reveal" data-then="show"><input name="reason" placeholder="查看理由（记入审计）" required minlength="5"><button class="secondary" type="submit">查看完整号码</button><output></output></form></td>""" : "")}</tr>
            """));
        var next = rows.Count == PageSize ? $"<a href=\"/admin/leads?{E(filterQuery)}{(filterQuery.Length > 0 ? "&amp;" : "")}after={E(rows[^1].Id)}\">下一页</a>" : "";
        return Page(http, "线索", $"""
            <div class="card"><h1>线索</h1><p class="muted">手机号一律脱敏显示。时间和筛选日期均为北京时间。</p>
            <form method="get" action="/admin/leads" class="grid">
              {Field("活动标识", "campaign", search.Campaign)}{Field("来源", "source", search.Source)}{Field("门店", "store", search.Store)}
              {Select("渠道", "channel", [("", "全部"), ("h5", "H5"), ("miniprogram", "小程序")], search.Channel)}
              {Select("营销同意", "consent", [("", "全部"), (LeadQuery.ConsentMarketing, "已同意且未撤回"), (LeadQuery.ConsentNone, "未同意")], search.Consent)}
              {Field("起（北京时间）", "fromDay", search.FromDay?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "date")}{Field("止（北京时间，含当天）", "toDay", search.ToDay?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "date")}
              <div class="actions"><button type="submit">筛选</button></div>
            </form>
            {(problem is null ? "" : $"<output class=\"error\">{E(problem.ProblemDetails.Title)} {E(problem.ProblemDetails.Detail)}</output>")}
            <div class="actions"><a class="button secondary" href="/admin/api/leads/export?{E(filterQuery)}">导出 CSV（脱敏）</a>
            <a class="button secondary" href="/admin/api/leads/export?{E(filterQuery)}{(filterQuery.Length > 0 ? "&amp;" : "")}audience=marketing">导出营销受众（脱敏）</a></div></div>
            <div class="card"><table id="leads"><tr><th>时间</th><th>活动</th><th>手机号</th><th>渠道</th><th>来源</th><th>门店</th><th>营销同意</th>{(compliance ? "<th></th>" : "")}</tr>{table}</table>
            <p>{next}</p></div>
            """);
    }
}
