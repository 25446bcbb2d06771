using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Coupons;
using WechatLeads.Server.Data;
using WechatLeads.Server.H5;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Stores;
using WechatLeads.Server.WechatApi;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Server.Staff;

/// <summary>
/// <c>/staff/redeem</c>: scan or type → <see cref="RedemptionService.CheckAsync"/> shows what the coupon is →
/// 确认核销 → <see cref="RedemptionService.RedeemAsync"/>. Every answer is the whole page (the result on top, the
/// scan box and today's redemptions below), so the next customer is one scan away and nothing needs script.
/// The confirm form carries a one-time key: a double tap or a reload replays the first answer instead of failing.
/// </summary>
internal static class StaffRedeemEndpoints
{
    private const int MaxInput = 128;

    public static RouteGroupBuilder MapStaffRedeem(this RouteGroupBuilder staff)
    {
        var redeem = staff.MapGroup("/redeem").RequireAuthorization(StaffSetup.Policy);
        redeem.MapGet("/", (HttpContext http, string? store, CancellationToken ct) => PageAsync(http, store, null, 200, ct));
        // The forms are checked explicitly, to answer an expired one with the page rather than a bare 400.
        redeem.MapPost("/", CheckAsync).DisableAntiforgery();
        redeem.MapPost("/confirm", ConfirmAsync).DisableAntiforgery();
        redeem.MapPost("/reverse", ReverseAsync).DisableAntiforgery();
        return staff;
    }

    private static async Task<IResult> CheckAsync(HttpContext http, [FromServices] RedemptionService redemptions, CancellationToken ct)
    {
        if (await ExpiredFormAsync(http) is { } expired) return expired;
        var form = await http.Request.ReadFormAsync(ct);
        var store = form["store"].ToString();
        var typed = form["input"].ToString().Trim();
        if (typed.Length is 0 or > MaxInput) return await PageAsync(http, store, new StaffMessage("请扫描顾客的券码二维码，或输入券码。"), 400, ct);
        var caller = Caller(http);
        if (!caller.MayUse(store)) return await PageAsync(http, null, StaffRefusal.From(RedemptionProblem.StoreNotYours, null), 403, ct);

        var outcome = await redemptions.CheckAsync(caller, Input(typed, store), ct);
        return outcome switch
        {
            CheckOutcome.Usable usable => await PageAsync(
                http,
                store,
                new StaffUsable(StaffCouponFacts.From(usable.Coupon), typed, store, StaffFormKeys.New()),
                200,
                ct),
            CheckOutcome.Refused refused => await PageAsync(http, store, StaffRefusal.From(refused.Problem, refused.Coupon), refused.Problem.Status, ct),
            _ => throw new InvalidOperationException("unknown check outcome"),
        };
    }

    private static async Task<IResult> ConfirmAsync(HttpContext http, [FromServices] RedemptionService redemptions, CancellationToken ct)
    {
        if (await ExpiredFormAsync(http) is { } expired) return expired;
        var form = await http.Request.ReadFormAsync(ct);
        var store = form["store"].ToString();
        var typed = form["input"].ToString().Trim();
        var key = form["key"].ToString();
        if (typed.Length is 0 or > MaxInput || !StaffFormKeys.IsValid(key))
            return await PageAsync(http, store, new StaffMessage("请重新扫描券码后再确认核销。"), 400, ct);
        var caller = Caller(http);
        if (!caller.MayUse(store)) return await PageAsync(http, null, StaffRefusal.From(RedemptionProblem.StoreNotYours, null), 403, ct);

        var outcome = await redemptions.RedeemAsync(caller, Input(typed, store), key, ct);
        return outcome switch
        {
            RedeemOutcome.Redeemed done => await PageAsync(http, store, StaffRedeemed.From(done.Redemption, done.Replayed), 200, ct),
            RedeemOutcome.Refused refused => await PageAsync(http, store, StaffRefusal.From(refused.Problem, refused.Coupon), refused.Problem.Status, ct),
            _ => throw new InvalidOperationException("unknown redeem outcome"),
        };
    }

    private static async Task<IResult> ReverseAsync(HttpContext http, [FromServices] RedemptionService redemptions, CancellationToken ct)
    {
        if (await ExpiredFormAsync(http) is { } expired) return expired;
        var form = await http.Request.ReadFormAsync(ct);
        var store = form["store"].ToString();
        var id = form["redemption"].ToString();
        if (id.Length is 0 or > 32) return await PageAsync(http, store, StaffRefusal.From(RedemptionProblem.RedemptionUnknown, null), 404, ct);
        var (reversed, problem, _) = await redemptions.ReverseAsync(Caller(http), id, ct); // audited from the row, like the POS API
        return reversed is not null
            ? await PageAsync(http, store, new StaffReversed(reversed.Prize ?? reversed.Campaign, reversed.Code), 200, ct)
            : await PageAsync(
                http,
                store,
                StaffRefusal.From(problem ?? RedemptionProblem.RedemptionUnknown, null),
                (problem ?? RedemptionProblem.RedemptionUnknown).Status,
                ct);
    }

    /// <summary>The whole page: <paramref name="top"/> (a result, if any), the scan box, today's redemptions at this store.</summary>
    private static async Task<IResult> PageAsync(HttpContext http, string? store, StaffResult? top, int status, CancellationToken ct)
    {
        var services = http.RequestServices;
        var caller = Caller(http);
        var current = store is not null && caller.MayUse(store) ? store : caller.Stores[0];
        var db = services.GetRequiredService<LeadsDbContext>();
        var names = await db.Set<Store>().AsNoTracking().Where(s => caller.Stores.Contains(s.Code)).ToDictionaryAsync(s => s.Code, s => s.Name, ct);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var today = await services.GetRequiredService<RedemptionService>().ListAsync(caller, current, StaffLayout.BeijingMidnight(now), ct);
        var couponOptions = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CouponOptions>>().Value;
        var reversalWindow = TimeSpan.FromMinutes(couponOptions.ReversalWindowMinutes);
        var wx = await JsSdkPages.SignCurrentPageAsync(http, ct);
        var view = new StaffRedeemView(caller.Name, StoreName(current, names), Antiforgery(http), top,
            [.. caller.Stores.Select(s => new StaffStoreOption(s, StoreName(s, names)))], current,
            [.. today.Select(r => new StaffTodayRow(r.Id, StaffLayout.Beijing(r.RedeemedAt, "HH:mm"), r.Prize ?? r.Campaign, r.Code, r.MaskedPhone ?? "—",
                r.ReversedAt is not null, r.ReversedAt is null && now - r.RedeemedAt < reversalWindow))],
            (int)reversalWindow.TotalMinutes)
        { Wx = wx is null ? null : WxConfigView.From(wx) };
        return StaffLayout.Render<StaffRedeemPage>(http, view, status, withWechatSdk: wx is not null);
    }

    private static string StoreName(string code, IReadOnlyDictionary<string, string> names) =>
        names.TryGetValue(code, out var name) ? $"{name}（{code}）" : code;

    /// <summary>24 digits (spaces allowed, as people read them out) are the rotating token; anything else is the printed code.</summary>
    private static RedeemInput Input(string typed, string store)
    {
        var compact = string.Concat(typed.Where(c => !char.IsWhiteSpace(c)));
        return CouponToken.LooksLikeToken(compact) ? new RedeemInput(compact, null, store) : new RedeemInput(null, typed, store);
    }

    private static StoreCaller Caller(HttpContext http) => StoreCaller.From(http, StoreCaller.StaffPageChannel);

    private static string Antiforgery(HttpContext http) =>
        http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http).RequestToken ?? "";

    private static async Task<IResult?> ExpiredFormAsync(HttpContext http) =>
        await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http)
            ? null
            : await PageAsync(http, null, new StaffMessage("页面已过期，请重新扫描或输入券码。"), 400, http.RequestAborted);
}
