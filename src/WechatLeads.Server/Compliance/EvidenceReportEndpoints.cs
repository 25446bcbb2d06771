using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;
using static WechatLeads.Server.Platform.Web.ConsoleLayout;
using static WechatLeads.Server.Platform.Web.Html;

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
            .WithSummary("The evidence report for a period (from, to: moments, UTC unless an offset is given, to exclusive; or fromDay, toDay: China calendar days, both included; default the last 30 days): a printable page, or JSON with format=json.")
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
        if (end <= start) return TypedResults.Problem(statusCode: 400, title: "Empty period.", detail: "'to' must be after 'from'.");
        if (end - start > TimeSpan.FromDays(366 * 5)) return TypedResults.Problem(statusCode: 400, title: "Period too long.", detail: "At most five years per report.");
        if (format is not (null or "html" or "json")) return TypedResults.Problem(statusCode: 400, title: "Unknown format.", detail: "format is html (default) or json.");
        var report = await evidence.BuildAsync(start, end, now, ct);
        return format == "json" ? TypedResults.Ok(report) : Page(http, "合规证明报告", Render(report, now));
    }

    private const string PrintStyle = "<style>@media print { nav, .actions { display: none; } .card { box-shadow: none; page-break-inside: avoid; } }</style>";

    private static string Render(EvidenceReport.Report r, DateTime now)
    {
        static string D(DateTime d) => ChinaTime.Format(d);
        static string N(double? v) => v is { } x ? x.ToString("0.#", CultureInfo.InvariantCulture) : "—";
        static string Table(string id, string[] head, IEnumerable<string[]> rows)
        {
            var body = string.Concat(rows.Select(cells => "<tr>" + string.Concat(cells.Select(c => $"<td>{E(c)}</td>")) + "</tr>"));
            return $"<table id=\"{id}\"><tr>{string.Concat(head.Select(h => $"<th>{E(h)}</th>"))}</tr>{(body.Length == 0 ? $"<tr><td colspan=\"{head.Length}\">无</td></tr>" : body)}</table>";
        }
        return $"""
            {PrintStyle}
            <div class="card"><h1>个人信息保护合规证明报告</h1>
            <p>期间：{D(r.From)} 至 {D(r.To)}（北京时间）· 生成于 {D(now)} · 数据直接取自同意台账、退订记录、发送记录、保留任务记录、权利请求记录与审计日志。</p>
            <div class="actions"><a class="button secondary" href="?from={r.From:O}&amp;to={r.To:O}&amp;format=json">JSON</a></div></div>
            <div class="card"><h2>1. 隐私政策版本</h2>{Table("notices", ["版本", "标题", "发布时间", "SHA-256", "当前使用的活动"],
                r.Notices.Select(n => new[] { n.Version, n.Title, D(n.PublishedAt), n.Sha256, string.Join("、", n.Campaigns) }))}</div>
            <div class="card"><h2>2. 同意与撤回（按目的与渠道）</h2>{Table("consents", ["目的", "动作", "渠道", "次数"],
                r.Consents.OrderBy(c => c.Purpose).ThenBy(c => c.Action).Select(c => new[] { c.Purpose, c.Action, c.Channel, c.Count.ToString(CultureInfo.InvariantCulture) }))}</div>
            <div class="card"><h2>3. 退订（按渠道）</h2><p class="muted">退订在确认收到的同一事务中生效（生效时间 0 秒）；下表另列确认消息送达所需时间。</p>
            {Table("optouts", ["渠道", "次数", "撤回同意", "已确认", "确认用时中位数（秒）", "最长（秒）"],
                r.OptOuts.Select(o => new[] { o.Channel, $"{o.Count}", $"{o.Withdrew}", $"{o.Confirmed}", N(o.MedianSecondsToConfirmation), N(o.MaxSecondsToConfirmation) }))}</div>
            <div class="card"><h2>4. 营销发送与跳过原因</h2>{Table("sends", ["#", "名称", "渠道", "状态", "计划时间", "受众", "已发送", "跳过（原因：人数）"],
                r.Sends.Select(s => new[] { $"{s.Id}", s.Name, s.Channel, s.Status, D(s.ScheduledAt), $"{s.Audience}", $"{s.Sent}",
                    string.Join("；", s.SkippedByReason.Select(k => $"{k.Key}：{k.Value}")) }))}</div>
            <div class="card"><h2>5. 保留期限到期删除</h2>{Table("retention", ["开始", "结束", "触发", "删除线索", "删除手机号", "删除参与记录", "删除会话/验证码", "台账去标识", "台账删除"],
                r.RetentionRuns.Select(x => new[] { D(x.StartedAt), (x.FinishedAt is { } e ? D(e) : "未完成"), x.Trigger, $"{x.LeadsDeleted}", $"{x.PersonsDeleted}",
                    $"{x.ParticipationsDeleted}", $"{x.SessionsDeleted}", $"{x.LedgerRowsPseudonymised}", $"{x.LedgerRowsDeleted}" }))}</div>
            <div class="card"><h2>6. 个人信息主体权利请求</h2><p class="muted">法定期限：15 个工作日。</p>{Table("requests", ["类型", "收到", "已完成", "逾期", "完成用时中位数（小时）", "最长（小时）"],
                r.Requests.Select(q => new[] { q.Type, $"{q.Received}", $"{q.Completed}", $"{q.Overdue}", N(q.MedianHoursToComplete), N(q.MaxHoursToComplete) }))}</div>
            <div class="card"><h2>7. 员工查看完整号码与导出</h2>{Table("access", ["时间", "人员", "角色", "操作", "对象", "记录数", "理由", "地址"],
                r.StaffAccess.Select(a => new[] { D(a.At), a.Actor, a.Role, a.Action, a.Target, $"{a.Records}", a.Reason ?? "", a.Ip ?? "" }))}</div>
            <div class="card"><h2>8. 优惠券</h2><p class="muted">过期由每晚的作业处理；核销与撤销逐笔记入审计日志。</p>{Table("coupons", ["发放", "核销", "撤销核销", "到期失效", "作废"],
                [[$"{r.Coupons.Issued}", $"{r.Coupons.Redeemed}", $"{r.Coupons.Reversed}", $"{r.Coupons.Expired}", $"{r.Coupons.Voided}"]])}</div>
            {DrawsSection(r.Draws, D, N, Table)}
            <div class="card"><h2>10. 微信授权变更（撤回手机号、注销微信账号）</h2><p class="muted">撤回手机号：删除该身份的线索、号码证明与奖品寄送信息，停止向该号码发送营销；注销：删除该身份的全部个人信息。同意台账保留去标识记录。</p>
            {Table("authorization-changes", ["类型", "来源", "收到", "已处理", "处理用时中位数（秒）", "最长（秒）"],
                r.AuthorizationChanges.Select(a => new[] { a.Kind, a.Source, $"{a.Received}", $"{a.Applied}", N(a.MedianSecondsToApply), N(a.MaxSecondsToApply) }))}</div>
            """;
    }

    /// <summary>9. 抽奖: per draw, the rules versions, prizes drawn against their published odds, risk ranks and blocked attempts.</summary>
    private static string DrawsSection(
        IReadOnlyList<DrawFigures.Campaign> draws, Func<DateTime, string> d, Func<double?, string> n, Func<string, string[], IEnumerable<string[]>, string> table)
    {
        var body = draws.Count == 0 ? "<p>无</p>" : string.Concat(draws.Select(c =>
            $"<h3>{E(c.Title)}（{E(c.Slug)}）· 抽奖 {c.Draws} 次</h3>" +
            table($"rules-{c.Slug}", ["规则版本", "SHA-256", "公布时间"], c.RulesVersions.Select(v => new[] { $"第 {v.Number} 版", v.Sha256, d(v.PublishedAt) })) +
            table($"prizes-{c.Slug}", ["奖品", "抽中", "按公示概率预期", "实际发放"], c.Prizes.Select(p => new[] { p.Name, $"{p.Drawn}", n(p.Expected), $"{p.Given}" })) +
            $"<p>微信安全风控等级：{E(string.Join("，", c.RiskRanks.Select(k => $"{(k.Key == "-" ? "未检测" : k.Key + " 级")} {k.Value}")))} · " +
            $"被限制拦截：{E(c.Blocked.Count == 0 ? "0" : string.Join("，", c.Blocked.Select(k => $"{k.Key} {k.Value}")))}</p>"));
        return "<div class=\"card\" id=\"draws\"><h2>9. 抽奖（有奖销售）</h2><p class=\"muted\">每次抽奖记录所依据的规则版本与随机数，可逐笔复核" +
            "（/admin/api/campaigns/活动标识/draws/verify）；“抽中”为随机数落在的奖品，奖品已抽完或尚未释放时发放为谢谢参与。</p>" + body + "</div>";
    }

    /// <summary>The evidence report.</summary>
    public static WebApplication MapCompliance(this WebApplication app)
    {
        app.MapAdminApi().MapEvidenceReport();
        return app;
    }
}
