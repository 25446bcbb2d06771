using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Platform;

internal static class PlatformSetup
{
    /// <summary>Options, the clock, config files and public URLs. Fails fast, before anything listens, on configuration that can't work.</summary>
    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        var wechat = builder.Configuration.GetSection(WechatOptions.Section).Get<WechatOptions>() ?? new WechatOptions();
        var security = builder.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        var problems = StartupValidation.Validate(wechat, security, StartupPosture.Of(builder.Environment, builder.Configuration));
        if (problems.Count > 0)
            throw new InvalidOperationException("WechatLeads cannot start; fix the configuration:"
                + Environment.NewLine
                + "  - "
                + string.Join(Environment.NewLine + "  - ", problems));

        builder.Services.Configure<WechatOptions>(builder.Configuration.GetSection(WechatOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(ConfigFiles.From(builder.Configuration));
        builder.Services.AddSingleton<PublicUrls>();
        builder.AddRateLimits();
        return builder;
    }
}
