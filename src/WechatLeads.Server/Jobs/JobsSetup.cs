using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Jobs;

internal static class JobsSetup
{
    public static WebApplicationBuilder AddBackgroundJobs(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        var postgres = options.Storage.Equals("Postgres", StringComparison.OrdinalIgnoreCase);
        if (!postgres && !options.Storage.Equals("InMemory", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Hangfire:Storage '{options.Storage}' is not supported; use InMemory or Postgres.");
        var connectionString = builder.Configuration.GetConnectionString("Hangfire") is { Length: > 0 } own
            ? own
            : builder.Configuration.GetConnectionString("Leads");
        if (postgres && string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("Hangfire:Storage is Postgres but neither ConnectionStrings:Hangfire nor ConnectionStrings:Leads is set.");

        // The storage is this host's own DI singleton, made before AddHangfire (which only adds one if none
        // is there): Hangfire otherwise hands every host in a process the last-configured global storage, and
        // a job enqueued by one host would run in another's container, against another's database.
        builder.Services.AddSingleton<JobStorage>(_ => postgres
            ? PostgresStorage(
                Data.PostgresConnections.Bounded(connectionString!, options.WorkerCount + options.OutboxConcurrency + 10, "wechatleads-jobs"),
                options)
            : new InMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromHours(6) }));
        JobTracing.Install();
        builder.Services.AddHostedService<BacklogGauges>();
        builder.Services.AddHangfire((services, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings()
            .UseStorage(services.GetRequiredService<JobStorage>()));
        if (options.ServerEnabled)
        {
            builder.Services.AddHangfireServer(server =>
            {
                server.WorkerCount = options.WorkerCount;
                server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            });
            builder.Services.AddHangfireServer(server =>
            {
                server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}:outbox";
                server.Queues = [OutboxProcessor.Queue];
                server.WorkerCount = Math.Max(1, options.OutboxConcurrency);
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

    /// <summary>
    /// Shared by every instance: a job enqueued on one may run on another, recurring jobs run once per
    /// cluster. Its own bounded pool: each worker holds a connection while it fetches, plus housekeeping.
    /// </summary>
    private static PostgreSqlStorage PostgresStorage(string connectionString, JobsOptions options)
    {
        var storageOptions = new PostgreSqlStorageOptions
        {
            QueuePollInterval = TimeSpan.FromSeconds(1),
            PrepareSchemaIfNecessary = true,
            InvisibilityTimeout = options.InvisibilityTimeout,
            UseSlidingInvisibilityTimeout = true,
        };
        // The storage installs its schema as it is made: under the lock every schema change takes, so instances
        // starting together don't race on it (duplicate key in pg_namespace, "could not find tuple for constraint").
        return Data.SchemaChangeLock.Run(connectionString, () =>
            new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connectionString, storageOptions), storageOptions));
    }
}
