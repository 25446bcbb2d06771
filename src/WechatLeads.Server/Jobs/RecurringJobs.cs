using System.Linq.Expressions;
using Hangfire;

namespace WechatLeads.Server.Jobs;

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

internal static class RecurringJobRegistration
{
    /// <summary>
    /// Declares a recurring job where its feature is wired: registered by <see cref="StartupJobs"/> under
    /// <paramref name="id"/> (re-registering is an update, never a duplicate). <paramref name="cron"/> is UTC.
    /// </summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string id, Expression<Func<TJob, Task>> run, string cron) =>
        services.AddSingleton<IRecurringJobs>(new RecurringJob<TJob>(id, run, cron));

    private sealed class RecurringJob<TJob>(string id, Expression<Func<TJob, Task>> run, string cron) : IRecurringJobs
    {
        public void Register(IRecurringJobManager recurring) => recurring.AddOrUpdate(id, run, cron);
    }
}
