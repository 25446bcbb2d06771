using Microsoft.AspNetCore.Http.HttpResults;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Participation;
using WechatLeads.Server.Platform.Identity;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Security;

namespace WechatLeads.Server.PhoneProof;

/// <summary><c>POST /api/phone-codes</c>: the mini-program (or any script) asks for an SMS code to a typed number.</summary>
internal static class PhoneCodeEndpoints
{
    /// <summary><c>{"phone":"…"}</c> is under 100 bytes.</summary>
    public const int BodyBytes = 1024;

    public sealed record CodeRequest(string? Phone);

    /// <param name="ResendAfterSeconds">When the page may offer 未收到？重新发送.</param>
    public sealed record CodeSent(int ResendAfterSeconds, int ExpiresInSeconds);

    public static void MapPhoneCodes(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/phone-codes", SendAsync).WithTags("Participation").WithName("SendPhoneCode")
            .WithSummary("Send a 6-digit SMS code to a typed number; the participation then carries phone + smsCode. The answer never depends on whether the " +
                "number is known.")
            .RequireAuthorization(ParticipationEndpoints.ParticipantPolicy).LimitBody(BodyBytes)
            .Produces<CodeSent>(202).ProducesProblem(401).ProducesProblem(413).ProducesProblem(422).ProducesProblem(429).ProducesProblem(503);
        app.MapGet("/api/phone-codes/latest", LatestAsync).WithTags("Participation").WithName("LatestPhoneCode")
            .WithSummary("The newest code this person asked for a number: when it may be resent and whether the provider reported it delivered or failed " +
                "(show 未收到？重新发送).")
            .RequireAuthorization(ParticipationEndpoints.ParticipantPolicy).ProducesProblem(401).ProducesProblem(404).ProducesProblem(422);
    }

    /// <param name="Delivery">sent, delivered, failed or unknown as the SMS provider reported it; null before a report (and in the sandbox).</param>
    public sealed record CodeStatus(string? Delivery, int ResendAfterSeconds, int ExpiresInSeconds);

    private static async Task<Results<Ok<CodeStatus>, ProblemHttpResult>> LatestAsync(
        string? phone,
        HttpContext http,
        PhoneCodes codes,
        TimeProvider time,
        CancellationToken ct)
    {
        if (!PhoneNumber.TryParse(phone, out var number)) return Problem(PhoneCodeProblems.InvalidPhone, http, null);
        var latest = await codes.LatestAsync(Participant.From(http.User)!, number.Value, ct);
        if (latest is null) return PhoneCodeProblems.NoCodeSent.ToResult();
        var now = time.GetUtcNow().UtcDateTime;
        return TypedResults.Ok(new CodeStatus(latest.Delivery, Math.Max(0, (int)Math.Ceiling((latest.SentAt + PhoneCodeRules.ResendAfter - now).TotalSeconds)),
            Math.Max(0, (int)Math.Ceiling((latest.ExpiresAt - now).TotalSeconds))));
    }

    private static async Task<Results<Accepted<CodeSent>, ProblemHttpResult>> SendAsync(
        CodeRequest body, HttpContext http, PhoneCodes codes, PhoneCodeLimiter limiter, TimeProvider time, CancellationToken ct)
    {
        var who = Participant.From(http.User)!;
        if (!limiter.TryAcquire(http, who)) return Problem(PhoneCodeProblems.SmsCodeTooMany, http, TimeSpan.FromMinutes(1));
        if (!PhoneNumber.TryParse(body.Phone, out var phone)) return Problem(PhoneCodeProblems.InvalidPhone, http, null);
        var sent = await codes.SendAsync(who, phone.Value, PhoneCodePurposes.Participation, ct);
        var wait = sent.RetryAt - time.GetUtcNow().UtcDateTime;
        return sent.Status switch
        {
            PhoneCodes.SendStatus.Sent => TypedResults.Accepted((string?)null,
                new CodeSent(Seconds(wait), (int)PhoneCodeRules.Lifetime.TotalSeconds)),
            PhoneCodes.SendStatus.ResendTooSoon => Problem(PhoneCodeProblems.SmsCodeTooSoon, http, wait),
            PhoneCodes.SendStatus.TooMany => Problem(PhoneCodeProblems.SmsCodeTooMany, http, wait),
            _ => Problem(PhoneCodeProblems.SmsUnavailable, http, PhoneCodeRules.ResendAfter),
        };
    }

    private static ProblemHttpResult Problem(ApiProblem problem, HttpContext http, TimeSpan? retryAfter)
    {
        if (retryAfter is not { } wait) return problem.ToResult();
        http.Response.Headers.RetryAfter = Seconds(wait).ToString();
        return problem.ToResult(new Dictionary<string, object?> { ["retryAfterSeconds"] = Seconds(wait) });
    }

    public static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
}
