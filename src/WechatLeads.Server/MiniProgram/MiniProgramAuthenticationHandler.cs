using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Participation;
using WechatLeads.Server.Platform.Identity;

namespace WechatLeads.Server.MiniProgram;

/// <summary><c>Authorization: Bearer &lt;session token&gt;</c> issued by <c>POST /api/mp/login</c>.</summary>
internal sealed class MiniProgramAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, SessionLookup sessions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = FollowerSchemes.MiniProgram;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var session = await sessions.FindAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (session is null) return AuthenticateResult.Fail("Unknown or expired session.");
        var participant = new Participant(session.OpenId, session.SubjectKey, Campaigns.CampaignChannels.MiniProgram, session.Id);
        var identity = new ClaimsIdentity(participant.ToClaims(), SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
