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
        // Sandbox:RiskRankDelayMilliseconds: how slowly the sandbox's WeChat answers getuserriskrank (benchmarks).
        var riskDelay = TimeSpan.FromMilliseconds(Math.Clamp(builder.Configuration.GetValue("Sandbox:RiskRankDelayMilliseconds", 0), 0, 10_000));
        builder.Services.AddSingleton(sp => new SandboxState(sp.GetRequiredService<TimeProvider>()) { RiskRankDelay = riskDelay });
        builder.Services.AddSingleton<SandboxPushSender>();
        builder.Services.AddScoped<FarmSimulator>();
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
