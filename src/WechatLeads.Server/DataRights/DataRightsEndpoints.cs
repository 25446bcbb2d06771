using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Data;
using WechatLeads.Server.H5;
using WechatLeads.Server.Participation;
using WechatLeads.Server.PhoneProof;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Identity;
using WechatLeads.Server.Platform.Web;
using static WechatLeads.Server.Platform.Web.Html;

namespace WechatLeads.Server.DataRights;

/// <summary>
/// Data-subject requests where people are: pages under <c>/h5/me</c> (download a copy, correct the phone
/// with a code sent to the new number, delete everything after a confirmation step), the same under
/// <c>/api/me</c> for the mini-program (plus marketing withdraw/consent, <see cref="MarketingChoiceEndpoints"/>), and the list Compliance answers for. Looking at one's data is not
/// a request; downloading a copy is (one open access request per person until Compliance answers it).
/// </summary>
internal static class DataRightsEndpoints
{
    public sealed record DeletionAccepted(string RequestId, DateTime DueAt);

    public sealed record PhoneInput(string? Phone);

    public sealed record CodeInput(string? VerificationId, string? Code);

    public sealed record CodeSent(string VerificationId);

    public sealed record RequestView(string Id, string Type, string Channel, DateTime ReceivedAt, DateTime DueAt, string Status, DateTime? CompletedAt, bool Overdue);

    public static WebApplicationBuilder AddDataRights(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PersonalDataExport>();
        builder.Services.AddScoped<DataRequests>();
        builder.Services.AddScoped<MarketingChoices>();
        builder.Services.AddSingleton(new MarketingChoiceLimiter(
            builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions()));
        builder.Services.AddScoped<Data.IOutboxHandler, EraseOnRequest>();
        builder.Services.AddScoped<Data.IPersonalDataEraser, Leads.LeadEraser>();
        builder.Services.AddScoped<Data.IPhoneDataEraser, Leads.LeadEraser>();
        return builder;
    }

    public static IEndpointRouteBuilder MapDataRights(this IEndpointRouteBuilder app)
    {
        app.MapDataRequestPages();
        app.MapAdminApi().MapDataRequestsAdmin();
        var me = app.MapGroup("/h5/me").ExcludeFromDescription();
        me.MapGet("/export", ExportPageAsync);
        me.MapGet("/delete", DeleteConfirmPageAsync);
        me.MapPost("/delete", DeletePageAsync).DisableAntiforgery(); // validated explicitly, to answer with a page
        me.MapGet("/phone", PhonePageAsync);
        me.MapPost("/phone", SendCodePageAsync).DisableAntiforgery();
        me.MapPost("/phone/verify", VerifyPageAsync).DisableAntiforgery();

        var api = app.MapGroup("/api/me").WithTags("Data rights").RequireAuthorization(ParticipationEndpoints.ParticipantPolicy)
            .AddEndpointFilter(RequireAntiforgeryForCookieCallers);
        api.MapGet("/", async (HttpContext http, DataRequests requests, CancellationToken ct) => TypedResults.Ok(await requests.ViewAsync(Participant.From(http.User)!, ct)))
            .WithName("MyDataView").WithSummary("Everything held about the signed-in person, to look at (not recorded as a request).");
        api.MapGet("/export", async (HttpContext http, DataRequests requests, CancellationToken ct) => DownloadFile(await requests.DownloadAsync(Participant.From(http.User)!, ct)))
            .Produces<PersonalDataExport.Copy>(contentType: "application/json")
            .WithName("MyDataExport").WithSummary("Downloads one's copy (my-data.json) and records an access request — one open request per person, however often it is downloaded.");
        api.MapPost("/deletion", async (HttpContext http, DataRequests requests, CancellationToken ct) =>
            {
                var request = await requests.RequestDeletionAsync(Participant.From(http.User)!, ct);
                return TypedResults.Accepted($"/api/me", new DeletionAccepted(request.Id, request.DueAt));
            })
            .WithName("MyDataDeletion").WithSummary("Deletes everything held about the signed-in person (a job; the answer comes after the request is committed).");
        api.MapPost("/phone", SendCodeApiAsync).WithName("MyPhoneCorrection").WithSummary("Sends a code to the new phone number.");
        api.MapPost("/phone/verify", VerifyApiAsync).WithName("MyPhoneCorrectionVerify").WithSummary("Changes the phone number once the code matches.");
        api.MapMarketingChoices(); // in the group: the same sign-in, and the antiforgery rule for cookie callers
        return app;
    }

    public static RouteGroupBuilder MapDataRequestsAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/compliance/requests", ListAsync).RequireAuthorization(AdminPolicies.Compliance).WithName("ListDataSubjectRequests")
            .WithSummary("Data-subject requests that need an answer (oldest deadline first), then the latest answered ones, with deadline, status and completion time.");
        admin.MapPost("/compliance/requests/{id}/answer", async (string id, DataRequests requests, CancellationToken ct) =>
                await requests.AnswerAsync(id, ct) ? Results.NoContent()
                    : TypedResults.Problem(statusCode: 404, title: "No open access request with this id.", extensions: new Dictionary<string, object?> { ["code"] = "request_not_open" }))
            .RequireAuthorization(AdminPolicies.Compliance).WithName("AnswerDataSubjectRequest")
            .WithSummary("Marks an open access request answered (the person's copy was handed over at download; this closes the request).");
        return admin;
    }

    /// <summary>The answered requests shown below the open ones: enough to see recent work, never the whole history.</summary>
    public const int RecentAnswered = 100;

    /// <summary>
    /// What Compliance works from: every open request (they need an answer), deadline first, then the latest
    /// answered. One person's repeated downloads are one open request, so the list can't be flooded.
    /// </summary>
    public static async Task<List<RequestView>> ListAsync(LeadsDbContext db, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var requests = db.Set<DataSubjectRequest>().AsNoTracking();
        var open = await requests.Where(r => r.Status == DataRequestStatus.Received).OrderBy(r => r.DueAt).ToListAsync(ct);
        var answered = await requests.Where(r => r.Status != DataRequestStatus.Received).OrderByDescending(r => r.ReceivedAt).Take(RecentAnswered).ToListAsync(ct);
        return open.Concat(answered)
            .Select(r => new RequestView(r.Id, r.Type, r.Channel, r.ReceivedAt, r.DueAt, r.Status, r.CompletedAt, (r.CompletedAt ?? now) > r.DueAt)).ToList();
    }

    /// <summary>
    /// A browser signed in by the H5 cookie sends that cookie with any request a page elsewhere makes it send:
    /// what changes data must then carry the antiforgery token too, as the H5 forms do. The mini-program's
    /// bearer token is never sent by a browser on its own, so it needs none.
    /// </summary>
    internal static async ValueTask<object?> RequireAntiforgeryForCookieCallers(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var safe = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
        var byBearerToken = http.User.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == MiniProgram.MiniProgramAuthenticationHandler.SchemeName);
        if (!safe && !byBearerToken && !await IsTokenFromAnH5PageAsync(http))
            return TypedResults.Problem(statusCode: 400, title: "Antiforgery token missing or invalid.",
                detail: "Requests signed in by the H5 cookie must send the RequestVerificationToken header (or form field) from an H5 page.",
                extensions: new Dictionary<string, object?> { ["code"] = "antiforgery_invalid" });
        return await next(context);
    }

    /// <summary>
    /// The H5 pages issue their tokens without a signed-in principal on the request (they read the cookie
    /// themselves), so a token is checked the same way here: against the antiforgery cookie, not the claims.
    /// </summary>
    private static async Task<bool> IsTokenFromAnH5PageAsync(HttpContext http)
    {
        var user = http.User;
        http.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
        try { return await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http); }
        finally { http.User = user; }
    }

    private static IResult DownloadFile(PersonalDataExport.Copy copy) =>
        Results.File(JsonSerializer.SerializeToUtf8Bytes(copy, JsonDefaults.Indented), "application/json", "my-data.json");

    private static async Task<IResult> ExportPageAsync(HttpContext http, DataRequests requests)
    {
        if (await H5Identity.CurrentAsync(http) is not { } who) return H5Identity.SignIn(http.Request);
        return DownloadFile(await requests.DownloadAsync(who, http.RequestAborted));
    }

    private static async Task<IResult> DeleteConfirmPageAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (await H5Identity.CurrentAsync(http) is null) return H5Identity.SignIn(http.Request);
        var tokens = antiforgery.GetAndStoreTokens(http);
        return Page("删除我的全部数据", $"""
            <div class="card"><h1>删除我的全部数据</h1>
            <p>将删除：您参与的活动记录、手机号、中奖与优惠券记录、奖品收货信息。已发出的优惠券将无法再在“我的优惠券”中查看。</p>
            <p class="muted">授权与撤回记录仅保留不可识别您身份的摘要，作为合规证明（至少 3 年）。删除后无法恢复。</p>
            <form method="post" action="/h5/me/delete"><input type="hidden" name="{E(tokens.FormFieldName)}" value="{E(tokens.RequestToken)}">
            <label class="check"><input type="checkbox" name="confirm" value="yes" id="confirm-delete" required>我确认删除，且了解无法恢复</label>
            <button class="secondary" type="submit" id="delete">确认删除</button></form>
            <a class="button" href="/h5/me">返回</a></div>
            """);
    }

    private static async Task<IResult> DeletePageAsync(HttpContext http, IAntiforgery antiforgery, DataRequests requests)
    {
        if (await H5Identity.CurrentAsync(http) is not { } who) return H5Identity.SignIn(http.Request);
        if (!await antiforgery.IsRequestValidAsync(http)) return Problem(400, "页面已过期", "请刷新页面后重试。", "返回", "/h5/me/delete");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (form["confirm"] != "yes") return Problem(400, "请确认删除", "请勾选“我确认删除”后再提交。", "返回", "/h5/me/delete");
        var request = await requests.RequestDeletionAsync(who, http.RequestAborted);
        return Page("删除申请已受理", $"""
            <div class="card" id="delete-accepted"><h1>删除申请已受理</h1><p>您的数据正在删除，通常几分钟内完成，最迟不超过 {ChinaTime.Format(request.DueAt, "yyyy-MM-dd")}。</p>
            <p class="muted">受理编号 {E(request.Id)}</p></div>
            """);
    }

    private static async Task<IResult> PhonePageAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (await H5Identity.CurrentAsync(http) is null) return H5Identity.SignIn(http.Request);
        return PhoneForm(http, antiforgery, null, 200);
    }

    private static IResult PhoneForm(HttpContext http, IAntiforgery antiforgery, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return Page("更正手机号", $"""
            <div class="card"><h1>更正手机号</h1>{(error is null ? "" : $"<p class=\"error\" role=\"alert\">{E(error)}</p>")}
            <form method="post" action="/h5/me/phone"><input type="hidden" name="{E(tokens.FormFieldName)}" value="{E(tokens.RequestToken)}">
            <input type="tel" id="phone" name="phone" inputmode="tel" maxlength="20" placeholder="新的 11 位手机号" required>
            <button type="submit" id="send-code">发送验证码</button></form></div>
            """, status);
    }

    private static async Task<IResult> SendCodePageAsync(HttpContext http, IAntiforgery antiforgery, DataRequests requests, PhoneCodeLimiter limiter)
    {
        if (await H5Identity.CurrentAsync(http) is not { } who) return H5Identity.SignIn(http.Request);
        if (!await antiforgery.IsRequestValidAsync(http)) return Problem(400, "页面已过期", "请刷新页面后重试。", "返回", "/h5/me/phone");
        if (!limiter.TryAcquire(http, who)) return PhoneForm(http, antiforgery, ParticipationProblem.SmsCodeTooMany.Title, 429);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var (outcome, id, _) = await requests.SendCodeAsync(who, form["phone"].ToString(), http.RequestAborted);
        if (outcome != DataRequests.CodeOutcome.Sent) return PhoneForm(http, antiforgery, CodeProblem(outcome).Title, CodeProblem(outcome).Status);
        var tokens = antiforgery.GetAndStoreTokens(http);
        return Page("输入验证码", $"""
            <div class="card"><h1>输入验证码</h1><p>验证码已发送到新手机号，10 分钟内有效。</p>
            <form method="post" action="/h5/me/phone/verify"><input type="hidden" name="{E(tokens.FormFieldName)}" value="{E(tokens.RequestToken)}">
            <input type="hidden" name="verificationId" value="{E(id)}">
            <input type="tel" id="code" name="code" inputmode="numeric" maxlength="6" placeholder="6 位验证码" required>
            <button type="submit" id="verify">确认更正</button></form>
            <p class="muted"><a href="/h5/me/phone">未收到？重新发送</a></p></div>
            """);
    }

    private static async Task<IResult> VerifyPageAsync(HttpContext http, IAntiforgery antiforgery, DataRequests requests)
    {
        if (await H5Identity.CurrentAsync(http) is not { } who) return H5Identity.SignIn(http.Request);
        if (!await antiforgery.IsRequestValidAsync(http)) return Problem(400, "页面已过期", "请刷新页面后重试。", "返回", "/h5/me/phone");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var outcome = await requests.VerifyAsync(who, form["verificationId"].ToString(), form["code"].ToString(), http.RequestAborted);
        return outcome == DataRequests.VerifyOutcome.Corrected
            ? Page("手机号已更正", "<div class=\"card\" id=\"phone-corrected\"><h1>手机号已更正</h1><p>以后的活动与优惠券将使用新手机号。</p><a class=\"button\" href=\"/h5/me\">返回我的数据</a></div>")
            : Problem(VerifyProblem(outcome).Status, "未能更正", VerifyProblem(outcome).Title, "重新获取验证码", "/h5/me/phone");
    }

    private static async Task<Results<Ok<CodeSent>, ProblemHttpResult>> SendCodeApiAsync(
        PhoneInput body, HttpContext http, DataRequests requests, PhoneCodeLimiter limiter, CancellationToken ct)
    {
        var who = Participant.From(http.User)!;
        if (!limiter.TryAcquire(http, who)) return ParticipationProblem.SmsCodeTooMany.ToResult();
        var (outcome, id, _) = await requests.SendCodeAsync(who, body.Phone ?? "", ct);
        return outcome == DataRequests.CodeOutcome.Sent ? TypedResults.Ok(new CodeSent(id!)) : CodeProblem(outcome).ToResult();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> VerifyApiAsync(CodeInput body, HttpContext http, DataRequests requests, CancellationToken ct)
    {
        var outcome = await requests.VerifyAsync(Participant.From(http.User)!, body.VerificationId ?? "", body.Code ?? "", ct);
        return outcome == DataRequests.VerifyOutcome.Corrected ? TypedResults.NoContent() : VerifyProblem(outcome).ToResult();
    }


    private static ApiProblem CodeProblem(DataRequests.CodeOutcome outcome) => outcome switch
    {
        DataRequests.CodeOutcome.InvalidPhone => ParticipationProblem.InvalidPhone,
        DataRequests.CodeOutcome.TooMany => ParticipationProblem.SmsCodeTooMany,
        DataRequests.CodeOutcome.NothingToCorrect => NothingToCorrect,
        _ => ParticipationProblem.SmsUnavailable,
    };

    private static ApiProblem VerifyProblem(DataRequests.VerifyOutcome outcome) => outcome switch
    {
        DataRequests.VerifyOutcome.WrongCode => ParticipationProblem.SmsCodeWrong,
        DataRequests.VerifyOutcome.AlreadyInCampaign => new(409, "phone_in_campaign", "这个号码已在您参加的某个活动中登记过，无法合并，请联系客服处理。"),
        DataRequests.VerifyOutcome.NothingToCorrect => NothingToCorrect,
        _ => ParticipationProblem.SmsCodeExpired,
    };

    private static readonly ApiProblem NothingToCorrect = new(409, "nothing_to_correct", "我们没有保存您的手机号，无需更正。");
}
