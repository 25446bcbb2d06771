using System.Threading.RateLimiting;

namespace WechatLeads.Server.Participation;

/// <summary>The <c>RateLimits</c> section: per follower and per IP, so one script can't drain a prize pool.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";
    public int ParticipationsPerFollowerPerMinute { get; set; } = 10;
    public int ParticipationsPerIpPerMinute { get; set; } = 120;
    public int PagesPerIpPerMinute { get; set; } = 600;
}

public static class RateLimits
{
    public const string Participation = "participation";
    public const string H5Pages = "h5-pages";

    public static WebApplicationBuilder AddParticipationRateLimits(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) => new ValueTask(ParticipationProblem.RateLimited.ToResult().ExecuteAsync(context.HttpContext));
            // Per network address, for every way of joining (API and H5 form) — runs before the per-follower policy.
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => IsParticipation(http.Request)
                ? RateLimitPartition.GetFixedWindowLimiter("ip:" + Ip(http), _ => PerMinute(options.ParticipationsPerIpPerMinute))
                : RateLimitPartition.GetNoLimiter("-"));
            limiter.AddPolicy(Participation, http => RateLimitPartition.GetFixedWindowLimiter(
                "follower:" + (http.User.FindFirst(Server.Participation.Participant.SubjectClaim)?.Value ?? Ip(http)),
                _ => PerMinute(options.ParticipationsPerFollowerPerMinute)));
            limiter.AddPolicy(H5Pages, http => RateLimitPartition.GetFixedWindowLimiter("pages:" + Ip(http), _ => PerMinute(options.PagesPerIpPerMinute)));
        });
        return builder;
    }

    private static bool IsParticipation(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && (request.Path.StartsWithSegments("/h5/c") || (request.Path.StartsWithSegments("/api/campaigns") && request.Path.Value!.EndsWith("/participations", StringComparison.Ordinal)));

    private static string Ip(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static FixedWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = Math.Max(1, permits), Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true,
    };
}
