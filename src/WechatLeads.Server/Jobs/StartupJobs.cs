using Hangfire;

namespace WechatLeads.Server.Jobs;

/// <summary>
/// Runs once the database is migrated: registers the outbox sweep and every feature's recurring jobs
/// (<see cref="RecurringJobRegistration.AddRecurringJob"/>) under stable ids, and sweeps the outbox at once,
/// because in-memory job storage starts empty and whatever was promised before a crash must run now.
/// </summary>
internal sealed class StartupJobs(
    IRecurringJobManager recurring, IBackgroundJobClient jobs, IEnumerable<IStartupJob> startupJobs, IEnumerable<IRecurringJobs> featureJobs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<OutboxSweep>(OutboxSweep.RecurringJobId, s => s.RunAsync(OutboxSweep.MinimumAge, CancellationToken.None), OutboxSweep.Every);
        foreach (var feature in featureJobs) feature.Register(recurring);
        jobs.Enqueue<OutboxSweep>(s => s.RunAsync(TimeSpan.Zero, CancellationToken.None));
        foreach (var job in startupJobs) job.Enqueue(jobs);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
