using Microsoft.AspNetCore.Authentication;

namespace WechatLeads.Server.Platform.Identity;

/// <summary>
/// The follower signed in to the H5 pages through WeChat web OAuth (the <c>H5</c> cookie scheme): asked by every
/// follower page, so it lives here rather than with the OAuth endpoints.
/// </summary>
internal static class H5Identity
{
    public const string Scheme = FollowerSchemes.H5;

    /// <summary>The follower this browser is signed in as (via WeChat OAuth), or null.</summary>
    public static async Task<Participant?> CurrentAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(Scheme);
        return result.Succeeded ? Participant.From(result.Principal!) : null;
    }

    /// <summary>Where a page sends a follower who is not signed in: the OAuth start, coming back to <paramref name="returnUrl"/>.</summary>
    public static string StartUrl(string returnUrl) => "/h5/oauth/start?returnUrl=" + Uri.EscapeDataString(returnUrl);

    public static IResult SignIn(HttpRequest request) => Results.Redirect(StartUrl(request.Path + request.QueryString));
}
