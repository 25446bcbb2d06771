using System.Security.Cryptography;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Participation;
using WechatLeads.Server.PhoneProof;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Identity;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Security;
using WechatLeads.Server.WechatApi;

namespace WechatLeads.Server.H5;

/// <summary><c>/h5/c/{slug}</c>: the landing page, its form, and the result page (post/redirect/get).</summary>
internal static class CampaignPageEndpoints
{
    public static void MapCampaignPages(this IEndpointRouteBuilder app)
    {
        var h5 = app.MapGroup("/h5/c").ExcludeFromDescription().RequireRateLimiting(RateLimits.H5Pages);
        h5.MapGet("/{slug}", ShowAsync);
        // validated explicitly below, to answer with a page, not a bare 400
        h5.MapPost("/{slug}", SubmitAsync).DisableAntiforgery().LimitParticipation(html: true)
            .LimitBody(ParticipationEndpoints.ParticipationBodyBytes, html: true);
        h5.MapGet("/{slug}/result/{participationId}", ResultAsync);
        app.MapGet("/h5/share.js", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=300";
            return Results.Stream(
                typeof(CampaignPageEndpoints).Assembly.GetManifestResourceStream("WechatLeads.Server.H5.share.js")!,
                "text/javascript; charset=utf-8");
        }).ExcludeFromDescription();
    }

    private static async Task<IResult> ShowAsync(
        string slug, string? src, string? store, HttpContext http, CampaignCatalog catalog, IAntiforgery antiforgery, Attribution attribution,
        ViewCounter views)
    {
        if (await H5Identity.CurrentAsync(http) is null) return H5Identity.SignIn(http.Request);
        var entry = await catalog.GetAsync(slug, http.RequestAborted);
        if (entry is null) return PageResult.Problem(404, "活动不存在", "这个活动链接无效或已下线。");
        if (!entry.Campaign.HasChannel(CampaignChannels.H5)) return PageResult.Problem(404, "活动不存在", "这个活动不在网页端开放。");
        views.Count(entry.Campaign.Id, await attribution.SourceAsync(entry.Campaign, src, http.RequestAborted));
        return await RenderFormAsync(http, entry, antiforgery, new Entered(null, src, store, null, null, null, false, false), error: null, status: 200);
    }

    private static async Task<IResult> SubmitAsync(
        string slug,
        HttpContext http,
        CampaignCatalog catalog,
        IAntiforgery antiforgery,
        ParticipationService participation,
        PhoneCodes codes,
        PhoneCodeLimiter limiter,
        TimeProvider time)
    {
        var who = await H5Identity.CurrentAsync(http);
        if (who is null) return H5Identity.SignIn(http.Request);
        var entry = await catalog.GetAsync(slug, http.RequestAborted);
        if (entry is null) return PageResult.Problem(404, "活动不存在", "这个活动链接无效或已下线。");
        if (!http.Request.HasFormContentType) return PageResult.Problem(400, "提交无效", "请从活动页面提交。", "返回活动", $"/h5/c/{slug}");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (!await antiforgery.IsRequestValidAsync(http)) return PageResult.Problem(400, "页面已过期", "请刷新活动页面后重新提交。", "返回活动", $"/h5/c/{slug}");

        var entered = Entered.From(form);
        if (string.IsNullOrEmpty(entered.FormToken) || entered.FormToken.Length > 64)
            return PageResult.Problem(400, "提交无效", "请从活动页面提交。", "返回活动", $"/h5/c/{slug}");
        if (form["action"] == "send-code") return await SendCodeAsync(http, entry, antiforgery, codes, limiter, time, who, entered);

        var consents = new List<ConsentInput>();
        if (entered.ConsentService) consents.Add(new ConsentInput(ConsentPurposes.Service, entered.PolicyVersion ?? ""));
        if (entered.ConsentMarketing) consents.Add(new ConsentInput(ConsentPurposes.Marketing, entered.PolicyVersion ?? ""));
        try
        {
            var result = await participation.ParticipateAsync(slug, who,
                new ParticipationInput
                {
                    Consents = consents,
                    Phone = entered.Phone,
                    SmsCode = entered.SmsCode,
                    Source = entered.Source,
                    Store = entered.Store
                },
                "form:" + entered.FormToken, http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent, http.RequestAborted);
            return Results.Redirect($"/h5/c/{slug}/result/{result.ParticipationId}");
        }
        catch (ApiProblemException refused) when (refused.Problem == ParticipationProblem.LimitReached && entry.Campaign.Type == CampaignTypes.Coupon)
        {
            return Results.Redirect($"/h5/c/{slug}/result/mine"); // already has a coupon: show it rather than an error
        }
        catch (ApiProblemException refused)
        {
            var fresh = refused.Problem == ParticipationProblem.PolicyOutdated ? await catalog.GetAsync(slug, http.RequestAborted) ?? entry : entry;
            return await RenderFormAsync(
                http,
                fresh,
                antiforgery,
                entered,
                await ExplainAsync(refused.Problem, who, entered, codes, http.RequestAborted),
                refused.Problem.Status);
        }
    }

    /// <summary>A code refusal says so when the provider reported that the code never reached the phone.</summary>
    private static async Task<string> ExplainAsync(ApiProblem problem, Participant who, Entered entered, PhoneCodes codes, CancellationToken ct)
    {
        if (!problem.Code.StartsWith("sms_code_", StringComparison.Ordinal) || !Leads.PhoneNumber.TryParse(entered.Phone, out var phone)) return problem.Title;
        return (await codes.LatestAsync(who, phone.Value, ct))?.Delivery == Sms.SmsDeliveryStatus.Failed
            ? "验证码短信未能送达您的手机。未收到？请点「未收到？重新发送」再获取一次。"
            : problem.Title;
    }

    /// <summary>获取验证码: sends a code and shows the same form again, everything as the person left it.</summary>
    private static async Task<IResult> SendCodeAsync(
        HttpContext http, CampaignCatalog.Entry entry, IAntiforgery antiforgery, PhoneCodes codes, PhoneCodeLimiter limiter, TimeProvider time, Participant who,
        Entered entered)
    {
        if (!limiter.TryAcquire(http, who)) return await RenderFormAsync(http, entry, antiforgery, entered, ParticipationProblem.SmsCodeTooMany.Title, 429);
        if (!Leads.PhoneNumber.TryParse(entered.Phone, out var phone))
            return await RenderFormAsync(http, entry, antiforgery, entered, ParticipationProblem.InvalidPhone.Title, ParticipationProblem.InvalidPhone.Status);
        var sent = await codes.SendAsync(who, phone.Value, PhoneCodePurposes.Participation, http.RequestAborted);
        var wait = PhoneCodeEndpoints.Seconds(sent.RetryAt - time.GetUtcNow().UtcDateTime);
        return await (sent.Status switch
        {
            PhoneCodes.SendStatus.Sent => RenderFormAsync(http, entry, antiforgery, entered with { CodeSentTo = phone.Value.Masked }, null, 200),
            PhoneCodes.SendStatus.ResendTooSoon => RenderFormAsync(http, entry, antiforgery, entered with { CodeSentTo = phone.Value.Masked },
                $"验证码刚刚发出，请 {wait} 秒后再重新获取。", 429),
            PhoneCodes.SendStatus.TooMany => RenderFormAsync(http, entry, antiforgery, entered, $"获取验证码次数过多，请 {Minutes(wait)} 分钟后再试。", 429),
            _ => RenderFormAsync(http, entry, antiforgery, entered, ParticipationProblem.SmsUnavailable.Title, 503),
        });
    }

    private static int Minutes(int seconds) => Math.Max(1, (seconds + 59) / 60);

    /// <summary>What the person entered on the form, to act on and to show back to them unchanged.</summary>
    private sealed record Entered(
        string? FormToken, string? Source, string? Store, string? Phone, string? SmsCode, string? PolicyVersion, bool ConsentService, bool ConsentMarketing)
    {
        public string? CodeSentTo { get; init; }

        public static Entered From(IFormCollection form) => new(form["formToken"], form["src"], form["store"], form["phone"], form["smsCode"],
            form["policyVersion"], form["consentService"] == "yes", form["consentMarketing"] == "yes");
    }

    private static async Task<IResult> ResultAsync(string slug, string participationId, HttpContext http, LeadsDbContext db)
    {
        var who = await H5Identity.CurrentAsync(http);
        if (who is null) return H5Identity.SignIn(http.Request);
        var query = db.Set<ParticipationRecord>().AsNoTracking()
            .Where(p => p.SubjectKey == who.SubjectKey && db.Set<Campaign>().Any(c => c.Id == p.CampaignId && c.Slug == slug));
        var found = participationId == "mine"
            ? await query.OrderBy(p => p.CreatedAt).FirstOrDefaultAsync(http.RequestAborted)
            : await query.SingleOrDefaultAsync(p => p.Id == participationId, http.RequestAborted);
        if (found is null) return PageResult.Problem(404, "没有找到记录", "没有找到这次参与的结果。", "返回活动", $"/h5/c/{slug}");
        var toClaim = found.Outcome == ParticipationOutcomes.Prize
            && await db.Set<Fulfilment.PrizeFulfilment>().AnyAsync(f => f.Id == found.Id, http.RequestAborted);
        return PageResult.Render<ResultPage>(ResultView.From(slug, found, toClaim));
    }

    private static async Task<IResult> RenderFormAsync(
        HttpContext http, CampaignCatalog.Entry entry, IAntiforgery antiforgery, Entered entered, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        // One token per rendering of the form: a double tap or a browser retry of this submission is recognised.
        var formToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var form = new LandingForm(formToken, tokens.RequestToken!, tokens.FormFieldName, entered.Source, entered.Store, entered.Phone, error)
        {
            SmsCode = entered.SmsCode,
            ConsentService = entered.ConsentService,
            ConsentMarketing = entered.ConsentMarketing,
            CodeSentTo = entered.CodeSentTo,
        };
        // Closed (not started, paused, ended, nothing left) is said before anything is typed: no form then.
        var availability = await http.RequestServices.GetRequiredService<CampaignAvailabilityCheck>().OfAsync(entry.Campaign, http.RequestAborted);
        var view = LandingView.From(entry.Campaign, entry.Policy, form, entry.Rules, availability);
        if (await JsSdkPages.SignCurrentPageAsync(http, http.RequestAborted) is not { } wx) return PageResult.Render<LandingPage>(view, status);
        // Inside WeChat: the share card, set by WeChat's SDK and this server's script, under a policy that allows exactly those.
        http.Response.Headers.ContentSecurityPolicy = ShareCard.PagePolicy;
        var card = ShareCard.For(entry.Campaign, http.RequestServices.GetRequiredService<PublicUrls>());
        return PageResult.Render<LandingPage>(view with { Share = card.View(wx) }, status);
    }
}
