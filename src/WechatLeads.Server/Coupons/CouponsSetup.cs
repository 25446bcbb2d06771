using Hangfire;
using WechatLeads.Server.Data;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Coupons;

/// <summary>Coupons after issue: the wallet, redemption at the till (POS API), expiry.</summary>
internal static class CouponsSetup
{
    public static WebApplicationBuilder AddCoupons(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CouponOptions>().Bind(builder.Configuration.GetSection(CouponOptions.Section))
            .Validate(o => o.ReversalWindowMinutes is >= 0 and <= 7 * 24 * 60, "Coupons:ReversalWindowMinutes must be 0-10080.")
            .Validate(o => o.ExpiryBatchSize is >= 1 and <= 100_000, "Coupons:ExpiryBatchSize must be 1-100000.")
            .ValidateOnStart();
        builder.Services.AddSingleton<CouponToken>();
        builder.Services.AddSingleton<CouponLabels>();
        builder.Services.AddScoped<CouponStaffViews>();
        builder.Services.AddScoped<RedemptionService>();
        builder.Services.AddScoped<CouponWallet>();
        builder.Services.AddScoped<ExpireCoupons>();
        builder.Services.AddScoped<AuditRedemptions>();
        builder.Services.AddRecurringJob<ExpireCoupons>(ExpireCoupons.RecurringJobId, e => e.RunAsync(CancellationToken.None), ExpireCoupons.Schedule);
        builder.Services.AddRecurringJob<AuditRedemptions>(AuditRedemptions.RecurringJobId, a => a.RunAsync(CancellationToken.None), Cron.Minutely());
        builder.Services.AddScoped<IPersonalDataEraser, CouponEraser>();
        builder.Services.AddScoped<IPhoneDataEraser, CouponEraser>();
        return builder;
    }

    public static WebApplication MapCoupons(this WebApplication app)
    {
        app.MapCouponPages();
        app.MapAdminApi().MapCouponAdmin();
        app.MapRedemptionApi();
        app.MapCouponWallet();
        return app;
    }
}
