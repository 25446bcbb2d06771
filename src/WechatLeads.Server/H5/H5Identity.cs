using Microsoft.AspNetCore.Authentication;
using WechatLeads.Server.Participation;
using WechatLeads.Server.Platform.Identity;

namespace WechatLeads.Server.H5;

internal static class H5Identity
{
    /// <summary>The follower this browser is signed in as (via WeChat OAuth), or null.</summary>
    public static async Task<Participant?> CurrentAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(H5OAuthEndpoints.Scheme);
        return result.Succeeded ? Participant.From(result.Principal!) : null;
    }

    public static IResult SignIn(HttpRequest request) => Results.Redirect(H5OAuthEndpoints.StartUrl(request.Path + request.QueryString));
}
