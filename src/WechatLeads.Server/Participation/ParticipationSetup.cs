using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.H5;
using WechatLeads.Server.Leads;
using WechatLeads.Server.MiniProgram;
using WechatLeads.Server.Messaging;
using WechatLeads.Server.Privacy;
using WechatLeads.Server.Security;

namespace WechatLeads.Server.Participation;

internal static class ParticipationSetup
{
    public static WebApplicationBuilder AddPromotions(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Cookie and token protection keys live in the database, so every instance can read every session.
        services.AddDataProtection().SetApplicationName("WechatLeads").PersistKeysToDbContext<LeadsDbContext>();
        services.AddOptions<KeyManagementOptions>().Configure<FieldCipher>((o, cipher) => o.XmlEncryptor = new KeyRingXmlEncryptor(cipher));
        // Only keys sealed with Security:EncryptionKey count: a key row written to the table by hand is not a key.
        services.AddOptions<KeyManagementOptions>().PostConfigure<FieldCipher, ILoggerFactory>((o, cipher, logs) =>
            o.XmlRepository = new SealedKeyRing(o.XmlRepository ?? throw new InvalidOperationException("The key ring has no repository."), cipher, logs.CreateLogger<SealedKeyRing>()));
        services.AddAntiforgery(o => o.Cookie.Name = "wl_af");
        services.AddMemoryCache();
        services.AddAuthentication()
            .AddCookie(H5OAuthEndpoints.Scheme, o =>
            {
                o.Cookie.Name = "wl_h5";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromDays(30);
                o.SlidingExpiration = true;
                // An API caller without a session gets 401, not a redirect to a login page.
                o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = 401; return Task.CompletedTask; };
            })
            .AddScheme<AuthenticationSchemeOptions, MiniProgramAuthenticationHandler>(MiniProgramAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(ParticipationEndpoints.ParticipantPolicy, p => p
            .AddAuthenticationSchemes(H5OAuthEndpoints.Scheme, MiniProgramAuthenticationHandler.SchemeName)
            .RequireClaim(Participant.SubjectClaim));
        builder.AddParticipationRateLimits();

        services.AddSingleton<CampaignCatalog>();
        services.AddScoped<CampaignFactory>();
        services.AddScoped<PrivacyCatalog>();
        services.AddSingleton<PhoneProtector>();
        services.AddScoped<PhoneResolver>();
        services.AddScoped<PhoneProof.PhoneCodes>();
        services.AddScoped<PhoneNumberBilling>();
        services.AddSingleton<PhoneVerificationModes>();
        services.AddScoped<ParticipationService>();
        services.AddScoped<MiniProgramSessions>();
        services.AddSingleton<SessionTokenCache>();
        services.AddSingleton<SessionLookup>();
        services.AddSingleton<SessionMac>();
        services.AddHostedService<ContentSeeder>();
        services.AddSingleton<StoreDirectory>();
        services.AddSingleton<Attribution>();
        services.AddSingleton<Security.RefusalLog>();
        services.AddWechatHandler<StoreScanHandler>(Messaging.WechatRoute.OnEvent("subscribe"), priority: 10);
        services.AddWechatHandler<StoreScanHandler>(Messaging.WechatRoute.OnEvent("SCAN"), priority: 10);
        return builder;
    }

    public static WebApplication MapPromotions(this WebApplication app)
    {
        app.MapH5OAuth();
        app.MapCampaignPages();
        app.MapMyData();
        app.MapPrivacy();
        app.MapParticipationApi();
        PhoneProof.PhoneCodeEndpoints.MapPhoneCodes(app);
        return app;
    }
}
