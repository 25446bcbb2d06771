using WechatLeads.Server.Platform;
using WechatLeads.Server.Sms;

namespace WechatLeads.Server.Sandbox;

/// <summary>
/// The sandbox exists only when no real Official Account is configured, and never in Production —
/// its routes are not even mapped then, so nothing under /sandbox can answer.
/// </summary>
internal static class SandboxSetup
{
    public static WebApplicationBuilder AddSandbox(this WebApplicationBuilder builder)
    {
        // Sandbox:RiskRankDelayMilliseconds: how slowly the sandbox's WeChat answers getuserriskrank (benchmarks).
        var riskDelay = TimeSpan.FromMilliseconds(Math.Clamp(builder.Configuration.GetValue("Sandbox:RiskRankDelayMilliseconds", 0), 0, 10_000));
        builder.Services.AddSingleton(sp => new SandboxState(sp.GetRequiredService<TimeProvider>()) { RiskRankDelay = riskDelay });
        builder.Services.AddSingleton<SandboxPushSender>();
        builder.Services.AddKeyedSingleton<ISmsSender>(SmsOptions.SandboxName, (sp, _) => ActivatorUtilities.CreateInstance<SandboxSmsGateway>(sp));
        builder.Services.AddScoped<FarmSimulator>();
        // Pushes arrive as WeChat sends them: with no trace context, so each starts its own trace, as in production.
        builder.Services.AddHttpClient(SandboxPushSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { ActivityHeadersPropagator = null });
        builder.AddSandboxDemoAccounts();
        // Subscribe message templates of the sandbox mini-program, unless configured: notices work out of the box.
        builder.Services.PostConfigure<SubscribeMessages.SubscribeMessageOptions>(o =>
        {
            if (o.Templates.Count == 0
                && WechatAccount.From(builder.Configuration.GetSection(WechatOptions.Section).Get<WechatOptions>() ?? new())
                    .SandboxEnabledIn(builder.Environment))
                o.Templates = SandboxTemplates.All();
        });
        return builder;
    }

    public static WebApplication MapSandbox(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<WechatAccount>().SandboxEnabledIn(app.Environment)) return app;
        var sandbox = app.MapGroup("/sandbox").ExcludeFromDescription();
        sandbox.MapSandboxApi();
        sandbox.MapSandboxSimulator();
        app.Logger.LogWarning("No Official Account configured: the built-in WeChat sandbox is serving /sandbox (open it in a browser)");
        app.LogSandboxDemoAccounts();
        return app;
    }
}

/// <summary>The sandbox mini-program's subscribe message templates (ids made up; the keywords as WeChat's library has them).</summary>
internal static class SandboxTemplates
{
    public const string CouponExpiry = "sandbox-tmpl-coupon-expiry";
    public const string Shipping = "sandbox-tmpl-shipping";
    public const string PhoneChanged = "sandbox-tmpl-phone-changed";
    public const string DrawResult = "sandbox-tmpl-draw-result";

    public static Dictionary<string, SubscribeMessages.SubscribeTemplate> All() => new()
    {
        [SubscribeMessages.SubscribePurposes.CouponExpiry] = new()
        {
            TemplateId = CouponExpiry,
            Page = "pages/coupons/index",
            Fields = new() { ["thing1"] = "prize", ["character_string2"] = "code", ["time3"] = "expiresAt", ["thing4"] = "note" },
        },
        [SubscribeMessages.SubscribePurposes.Shipping] = new()
        {
            TemplateId = Shipping,
            Page = "pages/prizes/index",
            Fields = new() { ["thing1"] = "prize", ["thing2"] = "carrier", ["character_string3"] = "trackingNumber", ["time4"] = "shippedAt" },
        },
        [SubscribeMessages.SubscribePurposes.PhoneChanged] = new()
        {
            TemplateId = PhoneChanged,
            Page = "pages/me/index",
            Fields = new() { ["phone_number1"] = "phone", ["time2"] = "changedAt", ["thing3"] = "note" },
        },
        [SubscribeMessages.SubscribePurposes.DrawResult] = new()
        {
            TemplateId = DrawResult,
            Page = "pages/draw/result",
            Fields = new() { ["thing1"] = "campaign", ["phrase2"] = "result", ["thing3"] = "prize", ["time4"] = "drawnAt" },
        },
    };
}
