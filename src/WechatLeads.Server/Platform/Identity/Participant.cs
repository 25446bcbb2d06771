using System.Security.Claims;

namespace WechatLeads.Server.Platform.Identity;

/// <summary>
/// Who is joining: a WeChat identity from the H5 cookie (Official Account openid, via OAuth) or from a
/// mini-program session. The subject key is the keyed hash every record about them is filed under.
/// </summary>
internal sealed record Participant(string OpenId, string SubjectKey, string Channel, string? SessionId)
{
    public const string OpenIdClaim = "wl:openid";
    public const string SubjectClaim = "wl:subject";
    public const string ChannelClaim = "wl:channel";
    public const string SessionClaim = "wl:session";

    public static Participant? From(ClaimsPrincipal user)
    {
        var openId = user.FindFirstValue(OpenIdClaim);
        var subject = user.FindFirstValue(SubjectClaim);
        var channel = user.FindFirstValue(ChannelClaim);
        return openId is null || subject is null || channel is null ? null : new Participant(openId, subject, channel, user.FindFirstValue(SessionClaim));
    }

    public IEnumerable<Claim> ToClaims()
    {
        yield return new Claim(OpenIdClaim, OpenId);
        yield return new Claim(SubjectClaim, SubjectKey);
        yield return new Claim(ChannelClaim, Channel);
        if (SessionId is not null) yield return new Claim(SessionClaim, SessionId);
    }
}
