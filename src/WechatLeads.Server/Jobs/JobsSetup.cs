using Hangfire;
using Hangfire.InMemory;

namespace WechatLeads.Server.Jobs;

internal static class JobsSetup
{
    public static WebApplicationBuilder AddBackgroundJobs(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        if (!options.Storage.Equals("InMemory", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Hangfire:Storage '{options.Storage}' is not supported; use InMemory.");

        builder.Services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseInMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromHours(6) }));
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
