using WechatLeads.Server.Data;

namespace WechatLeads.Server.Consent;

internal static class ConsentSetup
{
    /// <summary>The consent ledger: granted and withdrawn, per purpose and scope; pseudonymised when a person's data goes.</summary>
    public static WebApplicationBuilder AddConsent(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ConsentLedger>();
        builder.Services.AddScoped<IPersonalDataEraser, ConsentLedgerEraser>();
        builder.Services.AddScoped<IPhoneDataEraser, ConsentLedgerEraser>();
        return builder;
    }
}
