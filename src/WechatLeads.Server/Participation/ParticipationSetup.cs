using Microsoft.Extensions.Options;
using WechatLeads.Server.MiniProgram;
using WechatLeads.Server.Platform.Identity;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Participation;

internal static class ParticipationSetup
{
    /// <summary>Taking part: consent, a proven number and the prize, in one group commit; its rate limits and policy.</summary>
    public static WebApplicationBuilder AddParticipation(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddMemoryCache();
        services.AddAuthorizationBuilder().AddPolicy(ParticipationEndpoints.ParticipantPolicy, p => p
            .AddAuthenticationSchemes(H5Identity.Scheme, MiniProgramAuthenticationHandler.SchemeName)
            .RequireClaim(Participant.SubjectClaim));
        services.AddSingleton(sp => new ParticipationLimiter(sp.GetRequiredService<IOptions<RateLimitOptions>>().Value));
        services.AddScoped<PhoneResolver>();
        services.AddScoped<PhoneNumberBilling>();
        services.AddSingleton<PhoneVerificationModes>();
        services.AddSingleton<CampaignCatalog>();
        services.AddScoped<ParticipationService>();
        return builder;
    }

    public static WebApplication MapParticipation(this WebApplication app)
    {
        app.MapParticipationApi();
        return app;
    }
}
