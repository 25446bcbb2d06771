using WechatLeads.Server.Platform;

namespace WechatLeads.Server.Sandbox;

/// <summary>
/// The sandbox exists only when no real Official Account is configured, and never in Production —
/// its routes are not even mapped then, so nothing under /sandbox can answer.
/// </summary>
internal static class SandboxSetup
{
    public static bool IsEnabled(WechatAccount account, IHostEnvironment environment) => account.IsSandbox && !environment.IsProduction();

    public static WebApplicationBuilder AddSandbox(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SandboxState>();
        builder.Services.AddSingleton<SandboxPushSender>();
        builder.Services.AddHttpClient(SandboxPushSender.HttpClientName);
        builder.AddSandboxStoreAccount();
        return builder;
    }

    public static WebApplication MapSandbox(this WebApplication app)
    {
        if (!IsEnabled(app.Services.GetRequiredService<WechatAccount>(), app.Environment)) return app;
        var sandbox = app.MapGroup("/sandbox").ExcludeFromDescription();
        sandbox.MapSandboxApi();
        sandbox.MapSandboxSimulator();
        app.Logger.LogWarning("No Official Account configured: the built-in WeChat sandbox is serving /sandbox (open it in a browser)");
        return app;
    }
}
