using Hangfire;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Audit;

internal static class AuditSetup
{
    /// <summary>The hash-chained audit log, its sealed head and hourly checkpoints (see <see cref="AuditCheckpoints"/>).</summary>
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddSingleton<AuditSeal>();
        builder.Services.AddSingleton<AuditAnchor>();
        builder.Services.AddScoped<AuditCheckpoints>();
        builder.Services.AddRecurringJob<AuditCheckpoints>(AuditCheckpoints.RecurringJobId, c => c.RunAsync(CancellationToken.None), Cron.Hourly());
        return builder;
    }

    /// <summary>The audit log and its verification.</summary>
    public static WebApplication MapAudit(this WebApplication app)
    {
        app.MapAuditPages();
        app.MapAdminApi().MapAuditAdmin();
        return app;
    }
}
