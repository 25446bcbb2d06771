using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using WechatLeads.Server.Participation;
using WechatLeads.Server.Platform.Identity;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Security;

namespace WechatLeads.Server.DataRights;

/// <summary>
/// <c>POST /api/me/marketing/withdraw</c> and <c>POST /api/me/marketing/consent</c>: the mini-program's way to
/// say no (and yes again) to marketing, which until now only the H5 page and the Official Account offered —
/// and a mini-program user may have no Official Account identity at all. Mapped inside the <c>/api/me</c>
/// group, so a caller signed in by the H5 cookie needs the antiforgery token there too.
/// </summary>
internal static class MarketingChoiceEndpoints
{
    /// <summary><c>{"policyVersion":"2026-11","campaign":"spring-coupon"}</c> is under 100 bytes.</summary>
    public const int ConsentBodyBytes = 1024;

    public sealed record ConsentInput(string? PolicyVersion, string? Campaign);

    public static RouteGroupBuilder MapMarketingChoices(this RouteGroupBuilder me)
    {
        me.MapPost("/marketing/withdraw", WithdrawAsync).LimitMarketingChoices().LimitBody(ConsentBodyBytes)
            .WithName("MyMarketingWithdraw")
            .WithSummary("Withdraws marketing consent for every campaign at once (the menu's, TD's and /h5/me's opt-out); answers with the state once it is " +
                "committed. A repeat changes nothing.")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(429);
        me.MapPost("/marketing/consent", ConsentAsync).LimitMarketingChoices().LimitBody(ConsentBodyBytes).Accepts<ConsentInput>("application/json")
            .WithName("MyMarketingConsent")
            .WithSummary("An explicit marketing grant under the current privacy notice (policyVersion), for one joined campaign or every joined campaign " +
                "under that notice; ends the opt-out for them.")
            .ProducesProblem(400)
                .ProducesProblem(401)
                .ProducesProblem(404)
                .ProducesProblem(409)
                .ProducesProblem(413)
                .ProducesProblem(415)
                .ProducesProblem(422)
                .ProducesProblem(429);
        return me;
    }

    private static async Task<Ok<MarketingChoices.MarketingState>> WithdrawAsync(HttpContext http, MarketingChoices choices, CancellationToken ct) =>
        TypedResults.Ok(await choices.WithdrawAsync(Participant.From(http.User)!, ct));

    private static async Task<Results<Ok<MarketingChoices.MarketingState>, ProblemHttpResult>> ConsentAsync(
        HttpContext http, MarketingChoices choices, CancellationToken ct)
    {
        // Read here rather than bound: an empty body must be answered consent_required, not the framework's 400/415.
        ConsentInput? body = null;
        if (http.Request.ContentLength is > 0)
        {
            if (!http.Request.HasJsonContentType()) return DataRightsProblems.JsonRequired.ToResult();
            try { body = await http.Request.ReadFromJsonAsync<ConsentInput>(ct); }
            catch (JsonException) { return DataRightsProblems.ConsentBodyInvalid.ToResult(); }
        }
        // Never implied: no body, or no version of the notice read, is no consent.
        if (string.IsNullOrWhiteSpace(body?.PolicyVersion))
            return DataRightsProblems.PolicyVersionRequired.ToResult();
        var (outcome, state) = await choices.ConsentAsync(Participant.From(http.User)!, body.PolicyVersion.Trim(), NullIfBlank(body.Campaign),
            http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent, ct);
        return outcome switch
        {
            MarketingChoices.ConsentOutcome.Granted => TypedResults.Ok(state!),
            MarketingChoices.ConsentOutcome.PolicyOutdated => ParticipationProblem.PolicyOutdated.ToResult(),
            MarketingChoices.ConsentOutcome.PurposeNotAsked => ParticipationProblem.PurposeNotAsked.ToResult(),
            _ => DataRightsProblems.CampaignNotJoined.ToResult(),
        };
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Both endpoints draw on one window per person (<c>RateLimits:MarketingChoicesPerPersonPerMinute</c>).</summary>
    private static RouteHandlerBuilder LimitMarketingChoices(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var who = Participant.From(http.User)!; // the group requires a participant
            using var lease = http.RequestServices.GetRequiredService<MarketingChoiceLimiter>().Acquire(who.SubjectKey);
            return lease.IsAcquired ? await next(context) : RateLimits.Refused.ToResult();
        });
}

/// <summary>
/// A fixed window per person, in memory (per instance, like the participation limiter's follower window): enough
/// to stop a script toggling someone's consent thousands of times, never in the way of a person.
/// </summary>
internal sealed class MarketingChoiceLimiter(RateLimitOptions options)
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(subject =>
        RateLimitPartition.GetFixedWindowLimiter("marketing:" + subject, _ => RateLimits.PerMinute(options.MarketingChoicesPerPersonPerMinute)));

    public RateLimitLease Acquire(string subjectKey) => _limiter.AttemptAcquire(subjectKey);
}
