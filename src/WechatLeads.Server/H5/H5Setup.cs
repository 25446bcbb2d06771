using WechatLeads.Server.Platform.Identity;
namespace WechatLeads.Server.H5;

internal static class H5Setup
{
    /// <summary>The pages in WeChat's browser: the silent OAuth session cookie and the forms' antiforgery.</summary>
    public static WebApplicationBuilder AddH5(this WebApplicationBuilder builder)
    {
        builder.Services.AddAntiforgery(o => o.Cookie.Name = "wl_af");
        builder.Services.AddAuthentication().AddCookie(H5Identity.Scheme, o =>
        {
            o.Cookie.Name = "wl_h5";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromDays(30);
            o.SlidingExpiration = true;
            // An API caller without a session gets 401, not a redirect to a login page.
            o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = 401; return Task.CompletedTask; };
        });
        return builder;
    }

    public static WebApplication MapH5(this WebApplication app)
    {
        app.MapH5OAuth();
        app.MapCampaignPages();
        return app;
    }
}
