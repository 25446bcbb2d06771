using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;

namespace WechatLeads.Server.Jobs;

internal static class JobsSetup
{
    public static WebApplicationBuilder AddBackgroundJobs(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        var postgres = options.Storage.Equals("Postgres", StringComparison.OrdinalIgnoreCase);
        if (!postgres && !options.Storage.Equals("InMemory", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Hangfire:Storage '{options.Storage}' is not supported; use InMemory or Postgres.");
        var connectionString = builder.Configuration.GetConnectionString("Hangfire") is { Length: > 0 } own ? own : builder.Configuration.GetConnectionString("Leads");
        if (postgres && string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("Hangfire:Storage is Postgres but neither ConnectionStrings:Hangfire nor ConnectionStrings:Leads is set.");

        builder.Services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            if (postgres)
            {
                // Shared by every instance: a job enqueued on one may run on another, recurring jobs run once per cluster.
                // Its own bounded pool: each worker holds a connection while it fetches, plus the server's housekeeping.
                var bounded = Data.PostgresConnections.Bounded(connectionString!, options.WorkerCount + 10, "wechatleads-jobs");
                config.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(bounded),
                    new PostgreSqlStorageOptions
                    {
                        QueuePollInterval = TimeSpan.FromSeconds(1),
                        PrepareSchemaIfNecessary = true,
                        InvisibilityTimeout = options.InvisibilityTimeout,
                        UseSlidingInvisibilityTimeout = true,
                    });
            }
            else
            {
                config.UseInMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromHours(6) });
            }
        });
        if (options.ServerEnabled)
        {
            builder.Services.AddHangfireServer(server =>
            {
                server.WorkerCount = options.WorkerCount;
                server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            });
        }

        builder.Services.AddSingleton<HangfireOutboxEnqueuer>();
        builder.Services.AddSingleton<IOutboxEnqueuer>(sp => sp.GetRequiredService<HangfireOutboxEnqueuer>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HangfireOutboxEnqueuer>());
        builder.Services.AddScoped<OutboxProcessor>();
        builder.Services.AddScoped<OutboxSweep>();
        builder.Services.AddHostedService<StartupJobs>();
        return builder;
    }
}

internal static class JobsDashboard
{
    /// <summary>
    /// Hangfire's dashboard for signed-in staff only, in every environment. Its own filter (local requests
    /// only) is replaced by the endpoint's authorization policy.
    /// </summary>
    public static IEndpointRouteBuilder MapJobsDashboard(this IEndpointRouteBuilder app)
    {
        app.MapHangfireDashboard("/admin/jobs", new DashboardOptions { Authorization = [], AppPath = "/admin", DashboardTitle = "WechatLeads jobs" })
            .RequireAuthorization(Admin.AdminPolicies.Staff);
        return app;
    }
}
