using Flurl.Http;
using WechatLeads.Server.Platform;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Server.WechatApi;

internal static class WechatClientKeys
{
    public const string OfficialAccount = "oa";
    public const string MiniProgram = "mp";
    public const string Http = "wechat-http";
}

internal static class WechatClientSetup
{
    public static WebApplicationBuilder AddWechatClients(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var wechat = builder.Configuration.GetSection(WechatOptions.Section).Get<WechatOptions>() ?? new WechatOptions();
        var account = WechatAccount.From(wechat);
        services.AddSingleton(account);
        services.AddSingleton<IAccessTokenStore, DatabaseAccessTokenStore>();
        services.AddSingleton<WechatBaseUrls>();
        services.AddKeyedSingleton<IFlurlClient>(WechatClientKeys.Http, (_, _) => new FlurlClient().WithTimeout(TimeSpan.FromSeconds(10)));

        services.AddKeyedSingleton(WechatClientKeys.OfficialAccount, (sp, _) =>
            Create(sp, account.AppId, account.AppSecret, wechat.TokenMode));
        services.AddKeyedSingleton(WechatClientKeys.MiniProgram, (sp, _) => wechat.MiniProgram.IsConfigured
            ? Create(sp, wechat.MiniProgram.AppId!, wechat.MiniProgram.AppSecret!, wechat.TokenMode)
            : Create(sp, SandboxCredentials.MiniProgramAppId, SandboxCredentials.MiniProgramSecret, wechat.TokenMode));
        services.AddSingleton<JsapiTickets>(); // the Official Account's JS-SDK ticket (the staff page's scanner in WeChat)
        return builder;
    }

    private static WechatApiClient Create(IServiceProvider sp, string appId, string secret, string tokenMode)
    {
        var urls = sp.GetRequiredService<WechatBaseUrls>();
        var options = new WechatApiClientOptions
        {
            AppId = appId,
            AppSecret = secret,
            ApiBaseUrl = urls.Api,
            OAuthBaseUrl = urls.OAuth,
            TokenMode = tokenMode == "Classic" ? AccessTokenMode.Classic : AccessTokenMode.Stable,
        };
        return new WechatApiClient(options, sp.GetRequiredService<IAccessTokenStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredKeyedService<IFlurlClient>(WechatClientKeys.Http));
    }
}

/// <summary>
/// Where the WeChat API and OAuth pages are. Configured values win; with no account configured they are the
/// built-in sandbox on this very server, which is only known once Kestrel has bound its address — hence lazy.
/// </summary>
internal sealed class WechatBaseUrls(IConfiguration configuration, WechatAccount account, PublicUrls self)
{
    public string Api => Resolve("Wechat:ApiBaseUrl", "https://api.weixin.qq.com");

    public string OAuth => Resolve("Wechat:OAuthBaseUrl", "https://open.weixin.qq.com");

    private string Resolve(string key, string production)
    {
        var configured = configuration[key];
        if (!string.IsNullOrWhiteSpace(configured)) return configured.TrimEnd('/');
        return account.IsSandbox ? self.Base + "/sandbox" : production;
    }
}
