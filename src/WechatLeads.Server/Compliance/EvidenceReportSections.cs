using System.Globalization;
using WechatLeads.Server.Platform;

namespace WechatLeads.Server.Compliance;

/// <summary>The evidence report's figures laid out as the printed report's numbered sections (times in Beijing time).</summary>
internal static class EvidenceReportSections
{
    public static EvidenceReportView View(EvidenceReport.Report r, DateTime now) => new(r.From, r.To, now,
    [
        Section("1. 隐私政策版本", Table("notices", ["版本", "标题", "发布时间", "SHA-256", "当前使用的活动"],
            r.Notices.Select(n => Row(n.Version, n.Title, D(n.PublishedAt), n.Sha256, string.Join("、", n.Campaigns))))),
        Section("2. 同意与撤回（按目的与渠道）", Table("consents", ["目的", "动作", "渠道", "次数"],
            r.Consents.OrderBy(c => c.Purpose).ThenBy(c => c.Action).Select(c => Row(c.Purpose, c.Action, c.Channel, I(c.Count))))),
        Section("3. 退订（按渠道）", Table("optouts", ["渠道", "次数", "撤回同意", "已确认", "确认用时中位数（秒）", "最长（秒）"],
                r.OptOuts.Select(o =>
                    Row(o.Channel, I(o.Count), I(o.Withdrew), I(o.Confirmed), N(o.MedianSecondsToConfirmation), N(o.MaxSecondsToConfirmation)))),
            note: "退订在确认收到的同一事务中生效（生效时间 0 秒）；下表另列确认消息送达所需时间。"),
        Section("4. 营销发送与跳过原因", Table("sends", ["#", "名称", "渠道", "状态", "计划时间", "受众", "已发送", "跳过（原因：人数）"],
            r.Sends.Select(s => Row(I(s.Id), s.Name, s.Channel, s.Status, D(s.ScheduledAt), I(s.Audience), I(s.Sent),
                string.Join("；", s.SkippedByReason.Select(k => $"{k.Key}：{k.Value}")))))),
        Section("5. 保留期限到期删除", Table("retention", ["开始", "结束", "触发", "删除线索", "删除手机号", "删除参与记录", "删除会话/验证码", "台账去标识", "台账删除"],
            r.RetentionRuns.Select(x => Row(D(x.StartedAt), x.FinishedAt is { } e ? D(e) : "未完成", x.Trigger, I(x.LeadsDeleted), I(x.PersonsDeleted),
                I(x.ParticipationsDeleted), I(x.SessionsDeleted), I(x.LedgerRowsPseudonymised), I(x.LedgerRowsDeleted))))),
        Section("6. 个人信息主体权利请求", Table("requests", ["类型", "收到", "已完成", "逾期", "完成用时中位数（小时）", "最长（小时）"],
                r.Requests.Select(q => Row(q.Type, I(q.Received), I(q.Completed), I(q.Overdue), N(q.MedianHoursToComplete), N(q.MaxHoursToComplete)))),
            note: "法定期限：15 个工作日。"),
        Section("7. 员工查看完整号码与导出", Table("access", ["时间", "人员", "角色", "操作", "对象", "记录数", "理由", "地址"],
            r.StaffAccess.Select(a => Row(D(a.At), a.Actor, a.Role, a.Action, a.Target, I(a.Records), a.Reason ?? "", a.Ip ?? "")))),
        Section("8. 优惠券", Table("coupons", ["发放", "核销", "撤销核销", "到期失效", "作废"],
                [Row(I(r.Coupons.Issued), I(r.Coupons.Redeemed), I(r.Coupons.Reversed), I(r.Coupons.Expired), I(r.Coupons.Voided))]),
            note: "过期由每晚的作业处理；核销与撤销逐笔记入审计日志。"),
        Draws(r.Draws),
        Section("10. 微信授权变更（撤回手机号、注销微信账号）", Table("authorization-changes", ["类型", "来源", "收到", "已处理", "处理用时中位数（秒）", "最长（秒）"],
                r.AuthorizationChanges.Select(a => Row(a.Kind, a.Source, I(a.Received), I(a.Applied), N(a.MedianSecondsToApply), N(a.MaxSecondsToApply)))),
            note: "撤回手机号：删除该身份的线索、号码证明与奖品寄送信息，停止向该号码发送营销；注销：删除该身份的全部个人信息。同意台账保留去标识记录。"),
    ]);

    /// <summary>9. 抽奖: per draw, the rules versions, prizes drawn against their published odds, risk ranks and blocked attempts.</summary>
    private static EvidenceSection Draws(IReadOnlyList<DrawFigures.Campaign> draws) => new("draws", "9. 抽奖（有奖销售）",
        "每次抽奖记录所依据的规则版本与随机数，可逐笔复核（/admin/api/campaigns/活动标识/draws/verify）；“抽中”为随机数落在的奖品，奖品已抽完或尚未释放时发放为谢谢参与。",
        draws.Count == 0 ? [new EvidenceBlock(Text: "无")] : [.. draws.SelectMany(c => new[]
        {
            new EvidenceBlock(Heading: $"{c.Title}（{c.Slug}）· 抽奖 {c.Draws} 次"),
            new EvidenceBlock(Table: Table($"rules-{c.Slug}", ["规则版本", "SHA-256", "公布时间"],
                c.RulesVersions.Select(v => Row($"第 {v.Number} 版", v.Sha256, D(v.PublishedAt))))),
            new EvidenceBlock(Table: Table($"prizes-{c.Slug}", ["奖品", "抽中", "按公示概率预期", "实际发放"],
                c.Prizes.Select(p => Row(p.Name, I(p.Drawn), N(p.Expected), I(p.Given))))),
            new EvidenceBlock(Text: $"微信安全风控等级：{string.Join("，", c.RiskRanks.Select(k => $"{(k.Key == "-" ? "未检测" : k.Key + " 级")} {k.Value}"))} · " +
                $"被限制拦截：{(c.Blocked.Count == 0 ? "0" : string.Join("，", c.Blocked.Select(k => $"{k.Key} {k.Value}")))}"),
        })]);

    private static EvidenceSection Section(string title, EvidenceTable table, string? note = null) => new(null, title, note, [new EvidenceBlock(Table: table)]);

    private static EvidenceTable Table(string id, string[] head, IEnumerable<string[]> rows) => new(id, head, [.. rows]);

    private static string[] Row(params string[] cells) => cells;

    private static string D(DateTime utc) => ChinaTime.Format(utc);

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string N(double? value) => value is { } x ? x.ToString("0.#", CultureInfo.InvariantCulture) : "—";
}
