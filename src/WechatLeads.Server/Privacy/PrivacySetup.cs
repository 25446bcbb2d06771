using WechatLeads.Server.Admin;
using WechatLeads.Server.Platform.Web;
namespace WechatLeads.Server.Privacy;

internal static class PrivacySetup
{
    /// <summary>Privacy-notice versions: published once, immutable, each with its SHA-256.</summary>
    public static WebApplicationBuilder AddPrivacy(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PrivacyCatalog>();
        return builder;
    }

    /// <summary>The published notices, and their console page and admin API.</summary>
    public static WebApplication MapPrivacy(this WebApplication app)
    {
        app.MapPrivacyNotices();
        app.MapPrivacyPages();
        app.MapAdminApi().MapPrivacyAdmin();
        return app;
    }
}
