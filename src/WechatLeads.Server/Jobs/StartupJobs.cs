using Hangfire;
using WechatLeads.Server.Messaging;

namespace WechatLeads.Server.Jobs;

/// <summary>
/// Runs once the database is migrated: registers recurring jobs under stable ids (re-registering is an
/// update, never a duplicate) and sweeps the outbox at once, because in-memory job storage starts empty
/// and whatever was promised before a crash must run now, not in a minute.
/// </summary>
internal sealed class StartupJobs(
    IRecurringJobManager recurring, IBackgroundJobClient jobs, IEnumerable<IStartupJob> startupJobs, IEnumerable<IRecurringJobs> featureJobs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<OutboxSweep>(OutboxSweep.RecurringJobId, s => s.RunAsync(OutboxSweep.MinimumAge, CancellationToken.None), OutboxSweep.Every);
        recurring.AddOrUpdate<ReceiptPurge>(ReceiptPurge.RecurringJobId, p => p.RunAsync(CancellationToken.None), Cron.Hourly());
        // 03:30 Beijing: after the day's promotions, before the morning's.
        recurring.AddOrUpdate<Retention.RetentionPurge>(Retention.RetentionPurge.RecurringJobId, p => p.RunAsync("schedule", CancellationToken.None), "30 19 * * *");
        recurring.AddOrUpdate<Marketing.RunMarketingSends>(Marketing.RunMarketingSends.RecurringJobId, r => r.StartDueAsync(CancellationToken.None), Cron.Minutely());
        recurring.AddOrUpdate<Sms.SmsRecordPurge>(Sms.SmsRecordPurge.RecurringJobId, p => p.RunAsync(CancellationToken.None), Cron.Daily());
        recurring.AddOrUpdate<Coupons.ExpireCoupons>(Coupons.ExpireCoupons.RecurringJobId, e => e.RunAsync(CancellationToken.None), Coupons.ExpireCoupons.Schedule);
        recurring.AddOrUpdate<Coupons.AuditRedemptions>(Coupons.AuditRedemptions.RecurringJobId, a => a.RunAsync(CancellationToken.None), Cron.Minutely());
        recurring.AddOrUpdate<Fulfilment.ClaimDeadlines>(Fulfilment.ClaimDeadlines.RecurringJobId, d => d.RunAsync(CancellationToken.None), Cron.Hourly());
        recurring.AddOrUpdate<Audit.AuditCheckpoints>(Audit.AuditCheckpoints.RecurringJobId, c => c.RunAsync(CancellationToken.None), Cron.Hourly());
        Anomalies.AnomaliesSetup.AddAnomalyJobs(recurring);
        foreach (var feature in featureJobs) feature.Register(recurring);
        jobs.Enqueue<OutboxSweep>(s => s.RunAsync(TimeSpan.Zero, CancellationToken.None));
        foreach (var job in startupJobs) job.Enqueue(jobs);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A feature's recurring jobs, registered (under stable ids) once the database is ready.</summary>
internal interface IRecurringJobs
{
    void Register(IRecurringJobManager recurring);
}

/// <summary>A feature's job that should run once after every start (e.g. publishing the menu).</summary>
internal interface IStartupJob
{
    void Enqueue(IBackgroundJobClient jobs);
}
