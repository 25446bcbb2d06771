using WechatLeads.Server.Admin;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Menu;

internal static class MenuSetup
{
    /// <summary>The account menu: <c>config/menu.json</c>, published at start and from the console.</summary>
    public static WebApplicationBuilder AddMenu(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MenuFile>();
        builder.Services.AddScoped<PublishMenu>();
        builder.Services.AddSingleton<IStartupJob, PublishMenuAtStartup>();
        return builder;
    }

    /// <summary>A broken menu file is a start-up error naming the button, not a surprise at publish time.</summary>
    public static WebApplication ValidateMenuFile(this WebApplication app)
    {
        app.Services.GetRequiredService<MenuFile>().Load(text => text.Replace("{base}", "https://placeholder.example", StringComparison.Ordinal));
        return app;
    }

    /// <summary>The menu's console page and admin API.</summary>
    public static WebApplication MapMenu(this WebApplication app)
    {
        app.MapMenuPages();
        app.MapAdminApi().MapMenuAdmin();
        return app;
    }
}
