using Microsoft.AspNetCore.Antiforgery;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Platform.Identity;

/// <summary>The antiforgery rule of the follower APIs that both the H5 pages (cookie) and the mini-program (bearer) call.</summary>
internal static class CookieCallerAntiforgery
{
    public static readonly ApiProblem Refused = new(400, ProblemCodes.AntiforgeryInvalid, "Antiforgery token missing or invalid.",
        "Requests signed in by the H5 cookie must send the RequestVerificationToken header (or form field) from an H5 page.");

    /// <summary>
    /// A browser signed in by the H5 cookie sends that cookie with any request a page elsewhere makes it send:
    /// what changes data must then carry the antiforgery token too, as the H5 forms do. The mini-program's
    /// bearer token is never sent by a browser on its own, so it needs none.
    /// </summary>
    public static async ValueTask<object?> Require(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var safe = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
        var byBearerToken = http.User.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == FollowerSchemes.MiniProgram);
        if (!safe && !byBearerToken && !await IsTokenFromAnH5PageAsync(http))
            return Refused.ToResult();
        return await next(context);
    }

    /// <summary>
    /// The H5 pages issue their tokens without a signed-in principal on the request (they read the cookie
    /// themselves), so a token is checked the same way here: against the antiforgery cookie, not the claims.
    /// </summary>
    private static async Task<bool> IsTokenFromAnH5PageAsync(HttpContext http)
    {
        var user = http.User;
        http.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
        try { return await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http); }
        finally { http.User = user; }
    }
}
