using Microsoft.AspNetCore.Authentication;

namespace WechatLeads.Server.MiniProgram;

internal static class MiniProgramSetup
{
    /// <summary>Mini-program sign-in: sessions from <c>wx.login</c> codes and the bearer scheme that reads them.</summary>
    public static WebApplicationBuilder AddMiniProgram(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, MiniProgramAuthenticationHandler>(MiniProgramAuthenticationHandler.SchemeName, null);
        builder.Services.AddScoped<MiniProgramSessions>();
        builder.Services.AddSingleton<SessionTokenCache>();
        builder.Services.AddSingleton<SessionLookup>();
        builder.Services.AddSingleton<SessionMac>();
        return builder;
    }
}
