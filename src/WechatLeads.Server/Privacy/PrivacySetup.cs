namespace WechatLeads.Server.Privacy;

internal static class PrivacySetup
{
    /// <summary>Privacy-notice versions: published once, immutable, each with its SHA-256.</summary>
    public static WebApplicationBuilder AddPrivacy(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PrivacyCatalog>();
        return builder;
    }
}
