namespace WechatLeads.Server.PhoneProof;

internal static class PhoneProofSetup
{
    /// <summary>Proving a typed number: SMS codes (the SMS gateway itself is <c>Sms/</c>).</summary>
    public static WebApplicationBuilder AddPhoneProof(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PhoneCodes>();
        builder.Services.AddSingleton<PhoneCodeLimiter>();
        return builder;
    }

    public static WebApplication MapPhoneProof(this WebApplication app)
    {
        app.MapPhoneCodes();
        return app;
    }
}
