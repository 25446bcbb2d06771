using System.Threading.RateLimiting;
using WechatLeads.Server.Platform.Identity;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Participation;

internal static class ParticipationLimits
{
    /// <summary>Limits an endpoint that joins a campaign: a permit from the follower's window and from the address's.</summary>
    public static RouteHandlerBuilder LimitParticipation(this RouteHandlerBuilder endpoint, bool html) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var limiter = http.RequestServices.GetRequiredService<ParticipationLimiter>();
            // The H5 form authenticates inside its handler (to redirect into OAuth), so look the follower up here too.
            var who = Participant.From(http.User) ?? await H5Identity.CurrentAsync(http);
            using var lease = limiter.Acquire(new ParticipationLimiter.Caller(RateLimits.Ip(http), who?.SubjectKey ?? RateLimits.Ip(http)));
            if (lease.IsAcquired) return await next(context);
            return html ? PageResult.Problem(429, "操作太频繁", RateLimits.Refused.Title) : RateLimits.Refused.ToResult();
        });
}

/// <summary>Both buckets as one chained limiter: a request passes only if the follower and the address both have permits.</summary>
internal sealed class ParticipationLimiter(RateLimitOptions options)
{
    public readonly record struct Caller(string Ip, string Follower);

    private readonly PartitionedRateLimiter<Caller> _limiter = PartitionedRateLimiter.CreateChained(
        PartitionedRateLimiter.Create<Caller, string>(c =>
            RateLimitPartition.GetFixedWindowLimiter("ip:" + c.Ip, _ => RateLimits.PerMinute(options.ParticipationsPerIpPerMinute))),
        PartitionedRateLimiter.Create<Caller, string>(c =>
            RateLimitPartition.GetFixedWindowLimiter("follower:" + c.Follower, _ => RateLimits.PerMinute(options.ParticipationsPerFollowerPerMinute))));

    public RateLimitLease Acquire(Caller caller) => _limiter.AttemptAcquire(caller);
}
