using System.Security.Cryptography;
using WechatLeads.Server.Coupons;
using WechatLeads.Server.Platform.Web;
using static WechatLeads.Server.Platform.Web.Html;

namespace WechatLeads.Server.Staff;

/// <summary>The pieces of the staff page, in Chinese; every value through <c>E</c>, every phone number already masked.</summary>
internal static class StaffRedeemHtml
{
    private const string KeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A fresh idempotency key per confirm form (the POS API's 8-64 characters of letters, digits, - or _).</summary>
    public static string NewFormKey() => "staff-" + RandomNumberGenerator.GetString(KeyAlphabet, 24);

    public static bool IsFormKey(string key) => key.Length is >= 8 and <= 64 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string Bar(string who, string store, IReadOnlyDictionary<string, string> names, string? antiforgery) => $"""
        <div class="bar"><span id="staff-who">{E(who)} · {E(StoreName(store, names))}</span>
        <form method="post" action="/staff/logout"><input type="hidden" name="__RequestVerificationToken" value="{E(antiforgery)}"><button class="link" type="submit" id="sign-out">退出登录</button></form></div>
        """;

    public static string Message(string text) => $"""<div class="card"><p class="error" role="alert" id="refusal-title">{E(text)}</p></div>""";

    public static string ScanForm(IReadOnlyList<string> stores, string current, IReadOnlyDictionary<string, string> names, string? antiforgery, bool focus)
    {
        var storeField = stores.Count > 1
            ? $"""<p><label>核销门店<br><select name="store" id="redeem-store">{string.Concat(stores.Select(s =>
                $"<option value=\"{E(s)}\"{(s == current ? " selected" : "")}>{E(StoreName(s, names))}</option>"))}</select></label></p>"""
            : $"""<input type="hidden" name="store" value="{E(current)}">""";
        return $"""
            <div class="card"><form method="post" action="/staff/redeem" id="redeem-form">
              <input type="hidden" name="__RequestVerificationToken" value="{E(antiforgery)}">
              {storeField}
              <button type="button" class="scan" id="scan" hidden>扫一扫</button>
              <div id="camera" hidden><video playsinline muted></video><button type="button" class="secondary" id="camera-stop">停止扫描</button></div>
              <p><label for="redeem-input">券码</label><br>
              <input type="text" id="redeem-input" name="input" maxlength="128" autocomplete="off" autocapitalize="characters" spellcheck="false"
                enterkeyhint="search" placeholder="扫码枪扫入，或输入券码"{(focus ? " autofocus" : "")}></p>
              <button type="submit" id="redeem-check">查询</button>
            </form></div>
            """;
    }

    /// <summary>The coupon can be redeemed here and now: what it is, and the big button.</summary>
    public static string Usable(CouponForStaff coupon, string typed, string store, string? antiforgery) => $"""
        <div class="card" id="check-result"><p class="notice">可以核销，请核对后确认。</p>
        {Facts(coupon)}
        <form method="post" action="/staff/redeem/confirm" id="confirm-form">
          <input type="hidden" name="__RequestVerificationToken" value="{E(antiforgery)}">
          <input type="hidden" name="input" value="{E(typed)}">
          <input type="hidden" name="store" value="{E(store)}">
          <input type="hidden" name="key" value="{NewFormKey()}">
          <button type="submit" class="confirm" id="redeem-confirm">确认核销</button>
        </form>
        <p class="muted"><a href="/staff/redeem?store={Uri.EscapeDataString(store)}">不核销，返回</a></p></div>
        """;

    /// <summary>Why not, precisely: the problem's title, and for a used coupon when and where.</summary>
    public static string Refusal(ApiProblem problem, CouponForStaff? coupon)
    {
        // The same particulars the POS API sends beside the problem: for a used coupon when and where.
        var detail = RedemptionProblem.Detail(problem, coupon) is { } text ? $"<p id=\"refusal-detail\">{E(text)}</p>" : "";
        return $"""
            <div class="card" id="refusal"><p class="error" role="alert" id="refusal-title">{E(problem.Title)}</p>
            {detail}{(coupon is null ? "" : Facts(coupon))}</div>
            """;
    }

    public static string Redeemed(RedemptionView r, bool replayed) => $"""
        <div class="card done" id="redeemed"><div class="tick">✓</div><h1>已核销</h1>
        <div class="prize">{E(r.Prize ?? r.Campaign)}</div>
        <dl class="facts">
          <dt>券码</dt><dd>{E(r.Code)}</dd>
          <dt>核销时间</dt><dd id="redeemed-at">{E(StaffLayout.Beijing(r.RedeemedAt, "yyyy-MM-dd HH:mm:ss"))}（北京时间）</dd>
          <dt>门店</dt><dd id="redeemed-store">{E(r.StoreName)}（{E(r.Store)}）</dd>
          <dt>手机号</dt><dd>{E(r.MaskedPhone ?? "—")}</dd>
        </dl>
        {(replayed ? "<p class=\"muted\">这次提交与刚才的核销相同，没有重复核销。</p>" : "")}</div>
        """;

    public static string Reversed(RedemptionView r) =>
        $"""<div class="card"><p class="notice" id="reversed">已撤销核销：{E(r.Prize ?? r.Campaign)}（{E(r.Code)}），这张券恢复为可用。</p></div>""";

    /// <summary>Today's redemptions at this store, newest first; the recent ones can still be undone.</summary>
    public static string Today(IReadOnlyList<RedemptionView> today, string store, string? antiforgery, TimeSpan reversalWindow, Func<RedemptionView, bool> reversible)
    {
        if (today.Count == 0) return """<div class="card" id="today"><h2>今日核销</h2><p class="muted">今天本店还没有核销记录。</p></div>""";
        var rows = string.Concat(today.Select(r => $"""
            <tr{(r.ReversedAt is null ? "" : " class=\"reversed\"")}><td>{E(StaffLayout.Beijing(r.RedeemedAt, "HH:mm"))}</td><td>{E(r.Prize ?? r.Campaign)}<br><span class="muted">{E(r.Code)}</span></td>
            <td>{E(r.MaskedPhone ?? "—")}</td><td>{(r.ReversedAt is not null ? "已撤销" : reversible(r) ? $"""
              <form method="post" action="/staff/redeem/reverse"><input type="hidden" name="__RequestVerificationToken" value="{E(antiforgery)}">
              <input type="hidden" name="redemption" value="{E(r.Id)}"><input type="hidden" name="store" value="{E(store)}">
              <button type="submit" class="small reverse">撤销</button></form>
              """ : "")}</td></tr>
            """));
        return $"""
            <div class="card" id="today"><h2>今日核销（{today.Count(r => r.ReversedAt is null)}）</h2>
            <table><thead><tr><th>时间</th><th>券</th><th>手机号</th><th></th></tr></thead><tbody>{rows}</tbody></table>
            <p class="muted">误核销可在 {(int)reversalWindow.TotalMinutes} 分钟内撤销，券恢复可用。</p></div>
            """;
    }

    private static string Facts(CouponForStaff c) => $"""
        <div class="prize" id="staff-prize">{E(c.Prize ?? c.Campaign)}</div>
        <dl class="facts">
          {(c.Prize is null ? "" : $"<dt>活动</dt><dd id=\"staff-campaign\">{E(c.Campaign)}</dd>")}
          <dt>券码</dt><dd id="staff-code">{E(c.Code)}</dd>
          <dt>期限</dt><dd id="staff-validity">{E(c.Validity)}</dd>
          <dt>适用门店</dt><dd>{E(c.StoresText)}</dd>
          <dt>手机号</dt><dd id="staff-phone">{E(c.MaskedPhone ?? "—")}</dd>
        </dl>
        """;

    private static string StoreName(string code, IReadOnlyDictionary<string, string> names) =>
        names.TryGetValue(code, out var name) ? $"{name}（{code}）" : code;
}
