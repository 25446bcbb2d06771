using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform;
using static WechatLeads.Server.Platform.Web.Html;

namespace WechatLeads.Server.DrawRules;

/// <summary>
/// <c>/h5/c/{slug}/rules</c>: a draw's 活动规则 as announced — every version kept, each with its SHA-256, so a
/// person can save the page and later show what was promised. <c>GET /api/campaigns/{slug}/rules</c> is the
/// same as JSON (the canonical document the hash is over).
/// </summary>
internal static class RulesPages
{
    /// <param name="Content">The stored text itself: SHA-256 of its UTF-8 bytes is <paramref name="Sha256"/>.</param>
    public sealed record RulesAnswer(int Version, string Sha256, DateTime PublishedAt, RulesDocument Rules, string Content, IReadOnlyList<int> Versions);

    public static void MapRulesPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/h5/c/{slug}/rules", PageAsync).ExcludeFromDescription().RequireRateLimiting(Participation.RateLimits.H5Pages);
        app.MapGet("/api/campaigns/{slug}/rules", ApiAsync).WithTags("Participation").WithName("GetCampaignRules")
            .WithSummary("A lucky draw's announced rules (prizes with kind, value, quantity and odds; limits; dates; organiser; complaints), a stored version with its SHA-256.")
            .RequireRateLimiting(Participation.RateLimits.H5Pages).ProducesProblem(404);
    }

    private static async Task<(CampaignRulesVersion Version, IReadOnlyList<int> All)?> FindAsync(string slug, int? version, LeadsDbContext db, CampaignCatalog catalog, CancellationToken ct)
    {
        if (await catalog.GetAsync(slug, ct) is not { Rules: { } current }) return null; // also stores the current version if it changed
        var all = await db.Set<CampaignRulesVersion>().AsNoTracking().Where(r => r.CampaignId == current.Version.CampaignId)
            .OrderBy(r => r.Version).Select(r => r.Version).ToListAsync(ct);
        if (version is null) return (current.Version, all);
        var chosen = await db.Set<CampaignRulesVersion>().AsNoTracking().SingleOrDefaultAsync(r => r.CampaignId == current.Version.CampaignId && r.Version == version, ct);
        return chosen is null ? null : (chosen, all);
    }

    private static async Task<Results<Ok<RulesAnswer>, ProblemHttpResult>> ApiAsync(string slug, int? version, LeadsDbContext db, CampaignCatalog catalog, CancellationToken ct) =>
        await FindAsync(slug, version, db, catalog, ct) is { } found
            ? TypedResults.Ok(new RulesAnswer(found.Version.Version, found.Version.Sha256, found.Version.CreatedAt, RulesDocument.Parse(found.Version.Content)!,
                found.Version.Content, found.All))
            : TypedResults.Problem(statusCode: 404, title: "No announced rules for this campaign (or no such version).",
                extensions: new Dictionary<string, object?> { ["code"] = "rules_not_found" });

    private static async Task<IResult> PageAsync(string slug, int? version, LeadsDbContext db, CampaignCatalog catalog, CancellationToken ct)
    {
        if (await FindAsync(slug, version, db, catalog, ct) is not { } found) return Problem(404, "没有找到活动规则", "这个活动没有公布抽奖规则，或规则版本不存在。");
        var doc = RulesDocument.Parse(found.Version.Content)!;
        var versions = string.Join(" · ", found.All.Select(v => v == found.Version.Version ? $"第 {v} 版" : $"<a href=\"?version={v}\">第 {v} 版</a>"));
        return Page($"{doc.Title} · 活动规则", $"""
            <div class="card" id="rules">
              <h1>{E(doc.Title)} · 活动规则</h1>
              <p class="muted">第 {found.Version.Version} 版，公布于 {China(found.Version.CreatedAt)}（北京时间）。SHA-256：<code id="rules-sha256">{found.Version.Sha256}</code></p>
              <h2>奖品与中奖概率</h2>{PrizeTable(doc, null)}
              <p class="muted">中奖概率 = 该奖品权重 ÷（全部奖品权重 + “谢谢参与”权重 {doc.NoWinWeight}），每次抽奖相同；奖品抽完后抽中即为“谢谢参与”，不会提高其他奖品的概率。</p>
              <h2>参与规则</h2>
              <p>活动时间：{China(doc.StartsAt)} 至 {China(doc.LastMinute)}（北京时间）。每人每天可抽 {doc.DrawsPerDay} 次，活动期间共 {doc.DrawsTotal} 次；同一手机号、同一微信账号合并计算。</p>
              <p>中奖结果由密码学安全的随机数决定，每次抽奖记录所用的规则版本和随机数，可供核查；不存在内定。参与无需关注、分享或付费。</p>
              <h2>主办方与投诉</h2>
              <p>主办方：{E(doc.Organiser)}。如有疑问或投诉：{E(doc.ComplaintContact)}。</p>
              <p class="muted">历史版本：{versions} · <a href="/api/campaigns/{E(slug)}/rules?version={found.Version.Version}">JSON（哈希所覆盖的原文）</a> · <a href="/h5/c/{E(slug)}">返回活动</a></p>
            </div>
            """);
    }

    /// <summary>The prize table people read before taking part: kind, value, quantity, odds, terms (and what is left, on the live page).</summary>
    public static string PrizeTable(RulesDocument doc, IReadOnlyDictionary<long, int>? remaining) => $"""
        <table id="prize-table"><tr><th>奖品</th><th>类型</th><th>价值</th><th>数量</th><th>每次中奖概率</th><th>兑奖条件与有效期</th>{(remaining is null ? "" : "<th>剩余</th>")}</tr>
        {string.Concat(doc.Prizes.Select(p => $"<tr><td>{E(p.Name)}</td><td>{RulesDocument.KindText(p.Kind)}</td>" +
            $"<td>{(p.ValueYuan is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) + " 元" : "未公示")}</td><td>{p.Quantity}</td>" +
            $"<td class=\"probability\">{RulesDocument.Percent(p.Probability)}</td><td>{E(p.Terms)}{(p.Pace is null ? "" : "；" + E(p.Pace))}</td>" +
            (remaining is null ? "" : $"<td class=\"muted\">{remaining.GetValueOrDefault(p.Id)}</td>") + "</tr>"))}
        </table>
        """;

    private static string China(DateTime utc) => ChinaTime.Format(utc);
}
