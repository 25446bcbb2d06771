using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.CampaignConsole;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Privacy;
using WechatLeads.Server.Stores;
using WechatLeads.Server.WechatApi;
using WechatLeads.Wechat.Api;
using static WechatLeads.Server.Platform.Web.ConsoleLayout;
using static WechatLeads.Server.Platform.Web.Html;

namespace WechatLeads.Server.CampaignConsole;

/// <summary>
/// The console's campaign pages: the list, "new campaign", and one page to run a campaign — status,
/// settings, prize table, coupon-code import, store QR codes. Every form posts to the admin API through
/// console.js, so the console can do nothing the API does not check.
/// </summary>
internal static class CampaignPages
{
    // console.js puts the new campaign's slug in place of {slug}.
    private const string AfterCreate = "/admin/campaigns/{slug}/manage";

    public static IEndpointRouteBuilder MapCampaignPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/admin/campaigns").ExcludeFromDescription().RequireAuthorization(AdminPolicies.Staff);
        pages.MapGet("/", ListAsync);
        pages.MapGet("/new", NewAsync);
        pages.MapGet("/{slug}/manage", ManageAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, LeadsDbContext db, CancellationToken ct)
    {
        var campaigns = await db.Set<Campaign>().AsNoTracking().OrderByDescending(c => c.CreatedAt)
            .Select(c => new { c.Slug, c.Title, c.Type, c.Status, c.StartsAt, c.EndsAt, Leads = db.Set<Lead>().Count(l => l.CampaignId == c.Id) }).ToListAsync(ct);
        var rows = string.Concat(campaigns.Select(c => $"""
            <tr><td><a href="/admin/campaigns/{E(c.Slug)}">{E(c.Title)}</a><div class="muted">{E(c.Slug)} · {(c.Type == CampaignTypes.Coupon ? "领券" : "抽奖")}</div></td>
            <td>{StatusBadge(c.Status)}</td><td>{ChinaLocal(c.StartsAt).Replace('T', ' ')}<br>{ChinaLocal(c.EndsAt).Replace('T', ' ')}</td><td>{c.Leads}</td>
            <td><a href="/admin/campaigns/{E(c.Slug)}">数据</a> · <a href="/admin/campaigns/{E(c.Slug)}/manage">管理</a></td></tr>
            """));
        return Page(http, "活动", $"""
            <div class="card"><h1>活动</h1><div class="actions"><a class="button" href="/admin/campaigns/new" id="new-campaign">新建活动</a></div></div>
            <div class="card"><table id="campaigns"><tr><th>活动</th><th>状态</th><th>时间（北京时间）</th><th>线索</th><th></th></tr>{rows}</table></div>
            """);
    }

    private static async Task<IResult> NewAsync(HttpContext http, LeadsDbContext db, TimeProvider time, CancellationToken ct)
    {
        var policies = await PolicyOptionsAsync(db, ct);
        var today = ChinaTime.StartOfDay(time.GetUtcNow().UtcDateTime);
        var prizeRows = string.Concat(Enumerable.Range(0, 5).Select(i => $"""
            <div class="grid" data-row>{Field($"奖品 {i + 1} 名称", $"draw.prizes.{i}.name", extra: "data-row-key maxlength=\"100\"")}
            {Field("权重", $"draw.prizes.{i}.weight", "1", "number", "data-type=\"number\" min=\"0\"")}
            {Field("库存", $"draw.prizes.{i}.inventory", "10", "number", "data-type=\"number\" min=\"0\"")}
            {Field("价值（元，公示）", $"draw.prizes.{i}.value", "", "number", "data-type=\"number\" min=\"0\" max=\"50000\" step=\"0.01\"")}
            {Field("生成券码数（留空：实物奖品或稍后导入）", $"draw.prizes.{i}.coupon.count", "", "number", "data-type=\"number\" min=\"1\"")}
            {Field("券码前缀", $"draw.prizes.{i}.coupon.prefix", extra: "maxlength=\"20\"")}</div>
            """));
        return Page(http, "新建活动", $"""
            <div class="card"><h1>新建活动</h1><p class="muted">新活动保存为草稿，检查无误后在管理页启用。链接和二维码使用活动标识，创建后不能修改。</p>
            <form id="campaign-form" data-api="/admin/api/campaigns" data-then="{AfterCreate}">
            <div class="grid">
              {Field("活动标识（链接中使用，小写字母/数字/-）", "slug", extra: "required pattern=\"[a-z0-9][a-z0-9\\-]{1,63}\"")}
              {Field("标题", "title", extra: "required maxlength=\"100\"")}
              {Select("类型", "type", [(CampaignTypes.Coupon, "领券"), (CampaignTypes.LuckyDraw, "抽奖")])}
              {Select("隐私政策版本", "policyVersion", policies)}
              {Field("开始（北京时间）", "startsAt", ChinaLocal(today), "datetime-local", "data-type=\"china-time\" required")}
              {Field("结束（北京时间）", "endsAt", ChinaLocal(today.AddDays(30)), "datetime-local", "data-type=\"china-time\" required")}
              {Field("线索保存天数", "retentionDays", "180", "number", "data-type=\"number\" min=\"1\" max=\"3650\"")}
            </div>
            <label>活动说明<textarea name="description" rows="3" maxlength="2000"></textarea></label>
            <p>渠道：{Check("H5（公众号网页）", "channels", CampaignChannels.H5, true)}{Check("小程序", "channels", CampaignChannels.MiniProgram, true)}</p>
            <p>同意事项：<input type="hidden" name="purposes" value="service" data-type="list"><label class="inline"><input type="checkbox" checked disabled>服务（必选）</label>
            {Check("营销（单独、可选的同意）", "purposes", "marketing", true)}</p>
            <fieldset data-when-type="{CampaignTypes.Coupon}"><legend>优惠券</legend><div class="grid">
              {Field("券有效天数", "coupon.validDays", "30", "number", "data-type=\"number\" min=\"1\"")}
              {Field("自动生成券码数量（也可创建后导入 CSV）", "coupon.generate.count", "1000", "number", "data-type=\"number\" min=\"0\"")}
              {Field("券码前缀", "coupon.generate.prefix", "", extra: "maxlength=\"20\"")}</div></fieldset>
            <fieldset data-when-type="{CampaignTypes.LuckyDraw}" hidden><legend>抽奖</legend><div class="grid">
              {Field("“谢谢参与”权重", "draw.noWinWeight", "80", "number", "data-type=\"number\" min=\"0\"")}
              {Field("每人每天次数", "draw.perDay", "1", "number", "data-type=\"number\" min=\"1\"")}
              {Field("每人总次数", "draw.total", "3", "number", "data-type=\"number\" min=\"1\"")}
              {Field("主办方（公示在活动规则中）", "organiser", "", extra: "maxlength=\"100\"")}</div>
              <p class="muted">中奖概率 = 奖品权重 ÷（全部奖品权重 + “谢谢参与”权重）。名称留空的行不会保存。启用后奖品、价值、权重、次数和时间都会公示并锁定（只能增加库存或调整投放节奏）；最高奖价值不得超过 50,000 元。</p>{prizeRows}</fieldset>
            <div class="actions"><button type="submit" id="create-campaign">保存为草稿</button><a href="/admin/campaigns">取消</a></div><output></output>
            </form></div>
            """);
    }

    private static async Task<IResult> ManageAsync(
        string slug, HttpContext http, LeadsDbContext db, [FromKeyedServices(WechatClientKeys.OfficialAccount)] WechatApiClient wechat, CancellationToken ct)
    {
        var c = await CampaignEditEndpoints.DetailsAsync(db, slug, ct);
        if (c is null) return Page(http, "活动不存在", "<div class=\"card\"><h1>活动不存在</h1><p><a href=\"/admin/campaigns\">全部活动</a></p></div>", 404);
        var api = $"/admin/api/campaigns/{E(c.Slug)}";
        var ended = c.Status == CampaignStatus.Ended;
        var stores = await db.Set<Store>().AsNoTracking().OrderBy(s => s.Code).ToListAsync(ct);
        var qrCodes = await db.Set<StoreQrCode>().AsNoTracking()
            .Where(q => db.Set<Campaign>().Any(x => x.Id == q.CampaignId && x.Slug == slug)).OrderBy(q => q.Id).ToListAsync(ct);
        return Page(http, c.Title + " · 管理", $"""
            <div class="card"><h1>{E(c.Title)} {StatusBadge(c.Status)}</h1>
            <p class="muted">{E(c.Slug)} · 落地页 <a href="/h5/c/{E(c.Slug)}">/h5/c/{E(c.Slug)}</a> · <a href="/admin/campaigns/{E(c.Slug)}">数据看板</a> · <a href="/admin/campaigns/{E(c.Slug)}/coupons">券与核销</a></p>
            {StatusButtons(c.Status, api)}</div>
            {(ended ? "<div class=\"card\"><p>活动已结束，设置保持结束时的样子，不能再修改。</p></div>" : Settings(c, api, await PolicyOptionsAsync(db, ct), stores))}
            {Pool(c, api, ended)}
            {(c.Type == CampaignTypes.LuckyDraw ? Prizes(c, api, ended, stores) : "")}
            {QrCodes(c, api, qrCodes, wechat)}
            """);
    }

    private static string StatusButtons(string status, string api)
    {
        (string Next, string Text, string Css)[] moves = status switch
        {
            CampaignStatus.Draft => [(CampaignStatus.Active, "启用", ""), (CampaignStatus.Ended, "结束", "danger")],
            CampaignStatus.Active => [(CampaignStatus.Paused, "暂停", "secondary"), (CampaignStatus.Ended, "结束", "danger")],
            CampaignStatus.Paused => [(CampaignStatus.Active, "恢复", ""), (CampaignStatus.Ended, "结束", "danger")],
            _ => [],
        };
        return "<div class=\"actions\">" + string.Concat(moves.Select(m => $"""
            <form data-api="{api}/status" {(m.Next == CampaignStatus.Ended ? "data-confirm=\"结束后不能再启用，确定结束？\"" : "")}>
            <input type="hidden" name="status" value="{m.Next}"><button type="submit" class="{m.Css}" id="status-{m.Next}">{m.Text}</button><output></output></form>
            """)) + "</div>";
    }

    private static string Settings(CampaignEditEndpoints.CampaignDetails c, string api, IReadOnlyList<(string, string)> policies, IReadOnlyList<Store> stores) => $"""
        <div class="card"><h2>设置</h2>
        <form id="settings-form" data-api="{api}" data-method="PATCH" data-then="show">
        <div class="grid">
          {Field("标题", "title", c.Title, extra: "required maxlength=\"100\"")}
          {Select("隐私政策版本", "policyVersion", policies, c.PolicyVersion)}
          {Field("开始（北京时间）", "startsAt", ChinaLocal(c.StartsAt), "datetime-local", "data-type=\"china-time\"")}
          {Field("结束（北京时间）", "endsAt", ChinaLocal(c.EndsAt), "datetime-local", "data-type=\"china-time\"")}
          {Field("线索保存天数", "retentionDays", c.RetentionDays.ToString(), "number", "data-type=\"number\" min=\"1\" max=\"3650\"")}
          {(c.Type == CampaignTypes.Coupon
              ? CouponSettingsForm.ForCampaign(c, stores)
              : Field("“谢谢参与”权重", "noWinWeight", c.NoWinWeight.ToString(), "number", "data-type=\"number\" min=\"0\"")
                + Field("每人每天次数", "drawsPerDay", c.DrawsPerDay.ToString(), "number", "data-type=\"number\" min=\"1\"")
                + Field("每人总次数", "drawsTotal", c.DrawsTotal.ToString(), "number", "data-type=\"number\" min=\"1\""))}
          {Field("微信手机号验证每日预算（次，空为不限，0 为只用短信）", "phoneNumberDailyBudget", c.PhoneNumberDailyBudget?.ToString() ?? "", "number",
              "data-type=\"number-or-null\" min=\"0\" max=\"10000000\"")}
        </div>
        <label>活动说明<textarea name="description" rows="3" maxlength="2000" data-keep-empty>{E(c.Description)}</textarea></label>
        {ShareFields(c.Share)}
        <p>渠道：{Check("H5", "channels", CampaignChannels.H5, c.Channels.Contains(CampaignChannels.H5))}{Check("小程序", "channels", CampaignChannels.MiniProgram, c.Channels.Contains(CampaignChannels.MiniProgram))}
        同意事项：<input type="hidden" name="purposes" value="service" data-type="list"><label class="inline"><input type="checkbox" checked disabled>服务</label>
        {Check("营销", "purposes", "marketing", c.Purposes.Contains("marketing"))}</p>
        <div class="actions"><button type="submit">保存设置</button></div><output></output></form></div>
        """;

    /// <summary>The share card: empty fields fall back to the title and description. No reward field: sharing is never rewarded.</summary>
    private static string ShareFields(ShareDefinition? share) => $"""
        <fieldset id="share-settings"><legend>分享卡片（微信内分享到聊天和朋友圈时显示，留空则用活动标题和说明；微信禁止诱导分享，分享不设任何奖励）</legend>
        <div class="grid">
          {Field("分享标题", "share.title", share?.Title, extra: $"maxlength=\"{ShareDefinition.MaxTitle}\" data-keep-empty")}
          {Field("分享描述", "share.description", share?.Description, extra: $"maxlength=\"{ShareDefinition.MaxDescription}\" data-keep-empty")}
          {Field("分享图片（https 地址或本站 /… 路径）", "share.imageUrl", share?.ImageUrl, "text", $"maxlength=\"{ShareDefinition.MaxImageUrl}\" data-keep-empty")}
        </div></fieldset>
        """;

    private static string Pool(CampaignEditEndpoints.CampaignDetails c, string api, bool ended) => c.Codes is not { } pool ? "" : $"""
        <div class="card"><h2>券码池</h2><p id="pool-count">共 {pool.Total} 个券码，可发放 {pool.Free} 个。</p>
        {(ended ? "" : ImportForm($"{api}/codes", "import-codes"))}</div>
        """;

    private static string ImportForm(string action, string id) => $"""
        <form id="{id}" data-api="{action}" data-then="show"><label>导入券码 CSV（第一列为券码，可带表头 code）<input type="file" accept=".csv,.txt,text/csv"></label>
        <div class="actions"><button type="submit">导入</button></div><output></output></form>
        """;

    private static string Prizes(CampaignEditEndpoints.CampaignDetails c, string api, bool ended, IReadOnlyList<Store> stores)
    {
        var rows = string.Concat(c.Prizes.Select(p => ended
            ? $"<tr><td>{E(p.Name)}</td><td>{p.Weight}</td><td>{p.Inventory}</td><td>{p.Remaining}</td><td>{(p.Kind == PrizeKinds.Physical ? "实物" : E(CouponSettingsForm.Summary(new(p.ValidDays, p.ValidFrom, p.ValidUntil, p.Stores, p.RedeemHours))))}</td></tr>"
            : $"""
              <tr><td colspan="4"><form class="grid prize" data-api="{api}/prizes/{p.Id}" data-method="PATCH" data-then="show">
              {Field("名称", "name", p.Name, extra: "maxlength=\"100\"")}{Field("权重", "weight", p.Weight.ToString(), "number", "data-type=\"number\" min=\"0\"")}
              {Field($"库存（已抽中 {p.Inventory - p.Remaining}，剩余 {p.Remaining}）", "inventory", p.Inventory.ToString(), "number", "data-type=\"number\" min=\"0\"")}
              {Field("价值（元，公示）", "value", p.ValueYuan?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", "number", "data-type=\"number\" min=\"0\" max=\"50000\" step=\"0.01\"")}
              {CouponSettingsForm.ForPrize(p, stores)}
              <div class="actions"><button type="submit" class="secondary">保存</button></div><output></output></form>
              <details><summary class="muted">券码：{(p.Codes is { } pc ? $"共 {pc.Total}，可用 {pc.Free}" : "无（实物奖品）")}</summary>{ImportForm($"{api}/codes?prize={p.Id}", $"import-prize-{p.Id}")}</details></td></tr>
              """));
        var add = ended ? "" : $"""
            <form id="add-prize" data-api="{api}/prizes"><h2>添加奖品</h2><div class="grid">{Field("名称", "name", extra: "required maxlength=\"100\"")}
            {Field("权重", "weight", "1", "number", "data-type=\"number\" min=\"0\"")}{Field("库存", "inventory", "10", "number", "data-type=\"number\" min=\"0\"")}
            {Field("价值（元，公示）", "value", "", "number", "data-type=\"number\" min=\"0\" max=\"50000\" step=\"0.01\"")}
            {CouponSettingsForm.ForPrize(null, stores)}</div>
            <div class="actions"><button type="submit">添加</button></div><output></output></form>
            """;
        return $"""
            <div class="card"><h2>奖品</h2><p class="muted">库存只能调到不少于已抽中的数量；调整在抽奖进行中也安全。</p>
            <table id="prizes">{(ended ? "<tr><th>名称</th><th>权重</th><th>库存</th><th>剩余</th><th>券</th></tr>" : "")}{rows}</table>{add}</div>
            """;
    }

    private static string QrCodes(CampaignEditEndpoints.CampaignDetails c, string api, List<StoreQrCode> codes, WechatApiClient wechat)
    {
        var rows = string.Concat(codes.Select(q => $"""
            <tr><td>{E(q.StoreName)}</td><td class="muted">{E(q.Scene)}</td>
            <td><a href="{api}/qrcodes/{E(q.Scene)}.png" download>下载 PNG</a> · <a href="{E(wechat.BuildQrcodeImageUrl(q.Ticket))}">微信原图</a></td></tr>
            """));
        return $"""
            <div class="card"><h2>门店二维码</h2><p class="muted">永久二维码：关注或扫码后收到带门店来源的活动链接，线索按门店统计。</p>
            <table id="qrcodes"><tr><th>门店</th><th>场景值</th><th></th></tr>{rows}</table>
            <form id="add-qrcode" data-api="{api}/qrcodes"><div class="grid">{Field("门店名称", "storeName", extra: "required maxlength=\"100\"")}</div>
            <div class="actions"><button type="submit">生成二维码</button></div><output></output></form></div>
            """;
    }

    private static async Task<IReadOnlyList<(string, string)>> PolicyOptionsAsync(LeadsDbContext db, CancellationToken ct) =>
        [.. (await db.Set<PrivacyPolicy>().AsNoTracking().OrderByDescending(p => p.PublishedAt).Select(p => new { p.Version, p.Title }).ToListAsync(ct))
            .Select(p => (p.Version, $"{p.Version} · {p.Title}"))];
}
