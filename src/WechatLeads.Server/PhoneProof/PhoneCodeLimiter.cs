using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Platform.Identity;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.PhoneProof;

/// <summary>
/// The first thing a request for a code meets, before the number is even parsed: a permit from the address's
/// window and from the person's. Each request for a code costs an SMS and lands on someone's phone, so these
/// windows are tight; the database's per-number and per-person caps (<see cref="PhoneCodeRules"/>) come after.
/// </summary>
internal sealed class PhoneCodeLimiter(IOptions<RateLimitOptions> configured)
{
    private readonly PartitionedRateLimiter<(string Ip, string Person)> _limiter = PartitionedRateLimiter.CreateChained(
        PartitionedRateLimiter.Create<(string Ip, string Person), string>(c =>
            RateLimitPartition.GetFixedWindowLimiter("ip:" + c.Ip, _ => RateLimits.PerMinute(configured.Value.PhoneCodesPerIpPerMinute))),
        PartitionedRateLimiter.Create<(string Ip, string Person), string>(c =>
            RateLimitPartition.GetFixedWindowLimiter("person:" + c.Person, _ => RateLimits.PerMinute(configured.Value.PhoneCodesPerPersonPerMinute))));

    /// <summary>True when this request may go on; the permit is spent either way (windows replenish, they aren't returned).</summary>
    public bool TryAcquire(HttpContext http, Participant who)
    {
        using var lease = _limiter.AttemptAcquire((RateLimits.Ip(http), who.SubjectKey));
        return lease.IsAcquired;
    }
}
