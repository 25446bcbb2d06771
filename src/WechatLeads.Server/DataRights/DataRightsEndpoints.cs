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

namespace WechatLeads.Server.DataRights;

/// <summary>
/// Data-subject requests where people are: pages under <c>/h5/me</c> (download a copy, correct the phone
/// with a code sent to the new number, delete everything after a confirmation step), the same under
/// <c>/api/me</c> for the mini-program (plus marketing withdraw/consent, <see cref="MarketingChoiceEndpoints"/>), and the list Compliance answers for. Looking
/// at one's data is not
/// a request; downloading a copy is (one open access request per person until Compliance answers it).
/// </summary>
internal static class DataRightsEndpoints
{
    public sealed record DeletionAccepted(string RequestId, DateTime DueAt);

    public sealed record PhoneInput(string? Phone);

    public sealed record CodeInput(string? VerificationId, string? Code);

    public sealed record CodeSent(string VerificationId);

    public sealed record RequestView(
        string Id,
        string Type,
        string Channel,
        DateTime ReceivedAt,
        DateTime DueAt,
        string Status,
        DateTime? CompletedAt,
        bool Overdue);

    public static WebApplicationBuilder AddDataRights(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PersonalDataExport>();
        builder.Services.AddScoped<DataRequests>();
        builder.Services.AddScoped<MarketingChoices>();
        builder.Services.AddSingleton(new MarketingChoiceLimiter(
            builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions()));
        builder.Services.AddScoped<Data.IOutboxHandler, EraseOnRequest>();
        builder.Services.AddScoped<SubscribeMessages.ISubscribeNoticeValues, PhoneChangedNotice>();
        return builder;
    }

    public static IEndpointRouteBuilder MapDataRights(this IEndpointRouteBuilder app)
    {
        app.MapDataRequestPages();
        app.MapMyData(); // /h5/me itself: the page view of the same copy the download hands over
        app.MapAdminApi().MapDataRequestsAdmin();
        var me = app.MapGroup("/h5/me").ExcludeFromDescription();
        me.MapGet("/export", ExportPageAsync);
        me.MapGet("/delete", DeleteConfirmPageAsync);
        me.MapPost("/delete", DeletePageAsync).DisableAntiforgery(); // validated explicitly, to answer with a page
        me.MapGet("/phone", PhonePageAsync);
        me.MapPost("/phone", SendCodePageAsync).DisableAntiforgery();
        me.MapPost("/phone/verify", VerifyPageAsync).DisableAntiforgery();

        var api = app.MapGroup("/api/me").WithTags("Data rights").RequireAuthorization(ParticipationEndpoints.ParticipantPolicy)
            .AddEndpointFilter(CookieCallerAntiforgery.Require);
        api.MapGet(
            "/",
            async (HttpContext http, DataRequests requests, CancellationToken ct) =>
                TypedResults.Ok(await requests.ViewAsync(Participant.From(http.User)!, ct)))
            .WithName("MyDataView").WithSummary("Everything held about the signed-in person, to look at (not recorded as a request).");
        api.MapGet(
            "/export",
            async (HttpContext http, DataRequests requests, CancellationToken ct) =>
                DownloadFile(await requests.DownloadAsync(Participant.From(http.User)!, ct)))
            .Produces<PersonalDataExport.Copy>(contentType: "application/json")
            .WithName("MyDataExport")
                .WithSummary("Downloads one's copy (my-data.json) and records an access request — one open request per person, however often it is " +
                    "downloaded.");
        api.MapPost("/deletion", async (HttpContext http, DataRequests requests, CancellationToken ct) =>
            {
                var request = await requests.RequestDeletionAsync(Participant.From(http.User)!, ct);
                return TypedResults.Accepted($"/api/me", new DeletionAccepted(request.Id, request.DueAt));
            })
            .WithName("MyDataDeletion")
                .WithSummary("Deletes everything held about the signed-in person (a job; the answer comes after the request is committed).");
        api.MapPost("/phone", SendCodeApiAsync).WithName("MyPhoneCorrection").WithSummary("Sends a code to the new phone number.");
        api.MapPost("/phone/verify", VerifyApiAsync).WithName("MyPhoneCorrectionVerify").WithSummary("Changes the phone number once the code matches.");
        api.MapMarketingChoices(); // in the group: the same sign-in, and the antiforgery rule for cookie callers
        return app;
    }

    public static RouteGroupBuilder MapDataRequestsAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/compliance/requests", ListAsync).RequireAuthorization(AdminPolicies.Compliance).WithName("ListDataSubjectRequests")
            .WithSummary("Data-subject requests that need an answer (oldest deadline first), then the latest answered ones, with deadline, status and " +
                "completion time.");
        admin.MapPost("/compliance/requests/{id}/answer", async (string id, DataRequests requests, CancellationToken ct) =>
                await requests.AnswerAsync(id, ct) ? Results.NoContent() : DataRightsProblems.RequestNotOpen.ToResult())
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
        var answered = await requests.Where(r => r.Status != DataRequestStatus.Received)
            .OrderByDescending(r => r.ReceivedAt)
            .Take(RecentAnswered)
            .ToListAsync(ct);
        return open.Concat(answered)
            .Select(r => new RequestView(r.Id, r.Type, r.Channel, r.ReceivedAt, r.DueAt, r.Status, r.CompletedAt, (r.CompletedAt ?? now) > r.DueAt)).ToList();
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
        return PageResult.Render<DeleteConfirmPage>(FormToken.For(http, antiforgery));
    }

    private static async Task<IResult> DeletePageAsync(HttpContext http, IAntiforgery antiforgery, DataRequests requests)
    {
        if (await H5Identity.CurrentAsync(http) is not { } who) return H5Identity.SignIn(http.Request);
        if (!await antiforgery.IsRequestValidAsync(http)) return PageResult.Problem(400, "页面已过期", "请刷新页面后重试。", "返回", "/h5/me/delete");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (form["confirm"] != "yes") return PageResult.Problem(400, "请确认删除", "请勾选“我确认删除”后再提交。", "返回", "/h5/me/delete");
        var request = await requests.RequestDeletionAsync(who, http.RequestAborted);
        return PageResult.Render<DonePage>(new DoneView("delete-accepted", "删除申请已受理",
            $"您的数据正在删除，通常几分钟内完成，最迟不超过 {ChinaTime.Format(request.DueAt, "yyyy-MM-dd")}。", Note: $"受理编号 {request.Id}"));
    }

    private static async Task<IResult> PhonePageAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (await H5Identity.CurrentAsync(http) is null) return H5Identity.SignIn(http.Request);
        return PhoneForm(http, antiforgery, null, 200);
    }

    private static IResult PhoneForm(HttpContext http, IAntiforgery antiforgery, string? error, int status) =>
        PageResult.Render<PhoneFormPage>(new PhoneFormView(FormToken.For(http, antiforgery), error), status);

    private static async Task<IResult> SendCodePageAsync(HttpContext http, IAntiforgery antiforgery, DataRequests requests, PhoneCodeLimiter limiter)
    {
        if (await H5Identity.CurrentAsync(http) is not { } who) return H5Identity.SignIn(http.Request);
        if (!await antiforgery.IsRequestValidAsync(http)) return PageResult.Problem(400, "页面已过期", "请刷新页面后重试。", "返回", "/h5/me/phone");
        if (!limiter.TryAcquire(http, who)) return PhoneForm(http, antiforgery, PhoneCodeProblems.SmsCodeTooMany.Title, 429);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var (outcome, id, _) = await requests.SendCodeAsync(who, form["phone"].ToString(), http.RequestAborted);
        if (outcome != DataRequests.CodeOutcome.Sent) return PhoneForm(http, antiforgery, CodeProblem(outcome).Title, CodeProblem(outcome).Status);
        return PageResult.Render<PhoneCodePage>(new PhoneCodeView(FormToken.For(http, antiforgery), id!));
    }

    private static async Task<IResult> VerifyPageAsync(HttpContext http, IAntiforgery antiforgery, DataRequests requests)
    {
        if (await H5Identity.CurrentAsync(http) is not { } who) return H5Identity.SignIn(http.Request);
        if (!await antiforgery.IsRequestValidAsync(http)) return PageResult.Problem(400, "页面已过期", "请刷新页面后重试。", "返回", "/h5/me/phone");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var verificationId = form["verificationId"].ToString();
        var outcome = await requests.VerifyAsync(who, verificationId, form["code"].ToString(), http.RequestAborted);
        return outcome switch
        {
            DataRequests.VerifyOutcome.Corrected => PageResult.Render<DonePage>(
                new DoneView("phone-corrected", "手机号已更正", "以后的活动与优惠券将使用新手机号。", LinkText: "返回我的数据", Link: "/h5/me")),
            // A typo is not a reason for a new SMS: the same code is still good until its tries run out (then Expired).
            DataRequests.VerifyOutcome.WrongCode => PageResult.Render<PhoneCodePage>(
                new PhoneCodeView(FormToken.For(http, antiforgery), verificationId, PhoneCodeProblems.SmsCodeWrong.Title), VerifyProblem(outcome).Status),
            _ => PageResult.Problem(VerifyProblem(outcome).Status, "未能更正", VerifyProblem(outcome).Title, "重新获取验证码", "/h5/me/phone"),
        };
    }

    private static async Task<Results<Ok<CodeSent>, ProblemHttpResult>> SendCodeApiAsync(
        PhoneInput body, HttpContext http, DataRequests requests, PhoneCodeLimiter limiter, CancellationToken ct)
    {
        var who = Participant.From(http.User)!;
        if (!limiter.TryAcquire(http, who)) return PhoneCodeProblems.SmsCodeTooMany.ToResult();
        var (outcome, id, _) = await requests.SendCodeAsync(who, body.Phone ?? "", ct);
        return outcome == DataRequests.CodeOutcome.Sent ? TypedResults.Ok(new CodeSent(id!)) : CodeProblem(outcome).ToResult();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> VerifyApiAsync(
        CodeInput body,
        HttpContext http,
        DataRequests requests,
        CancellationToken ct)
    {
        var outcome = await requests.VerifyAsync(Participant.From(http.User)!, body.VerificationId ?? "", body.Code ?? "", ct);
        return outcome == DataRequests.VerifyOutcome.Corrected ? TypedResults.NoContent() : VerifyProblem(outcome).ToResult();
    }

    private static ApiProblem CodeProblem(DataRequests.CodeOutcome outcome) => outcome switch
    {
        DataRequests.CodeOutcome.InvalidPhone => PhoneCodeProblems.InvalidPhone,
        DataRequests.CodeOutcome.TooMany => PhoneCodeProblems.SmsCodeTooMany,
        DataRequests.CodeOutcome.NothingToCorrect => DataRightsProblems.NothingToCorrect,
        _ => PhoneCodeProblems.SmsUnavailable,
    };

    private static ApiProblem VerifyProblem(DataRequests.VerifyOutcome outcome) => outcome switch
    {
        DataRequests.VerifyOutcome.WrongCode => PhoneCodeProblems.SmsCodeWrong,
        DataRequests.VerifyOutcome.AlreadyInCampaign => DataRightsProblems.PhoneInCampaign,
        DataRequests.VerifyOutcome.NothingToCorrect => DataRightsProblems.NothingToCorrect,
        _ => PhoneCodeProblems.SmsCodeExpired,
    };
}
