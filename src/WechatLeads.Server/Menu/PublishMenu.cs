using Hangfire;
using WechatLeads.Server.Data;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Platform;
using WechatLeads.Server.WechatApi;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Server.Menu;

/// <summary>
/// Publishes <c>config/menu.json</c> with <c>cgi-bin/menu/create</c>. Runs after every start and on demand;
/// a database lock keeps it to one instance at a time (menu/create is limited to 1000 calls a day).
/// Publishing the same menu twice is harmless, so retries are safe.
/// </summary>
public sealed class PublishMenu(
    MenuFile file, PublicUrls urls, DatabaseLock locks,
    [FromKeyedServices(WechatClientKeys.OfficialAccount)] WechatApiClient wechat, ILogger<PublishMenu> logger)
{
    [AutomaticRetry(Attempts = 5)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var held = await locks.TryAcquireAsync("menu-publish", TimeSpan.FromMinutes(1), cancellationToken);
        if (held is null)
        {
            logger.LogInformation("Menu publish skipped: another instance is publishing");
            return;
        }
        var menu = file.Load(urls.Expand);
        await wechat.ExecuteCgibinMenuCreateAsync(menu, cancellationToken);
        logger.LogInformation("Published the account menu ({Count} top-level buttons)", menu.Buttons.Count);
    }
}

internal sealed class PublishMenuAtStartup : IStartupJob
{
    public void Enqueue(IBackgroundJobClient jobs) => jobs.Enqueue<PublishMenu>(p => p.RunAsync(CancellationToken.None));
}

internal static class MenuAdminEndpoints
{
    public sealed record SyncAccepted(string JobId);

    public static RouteGroupBuilder MapMenuAdmin(this RouteGroupBuilder admin)
    {
        admin.MapPost("/menu/sync", (IBackgroundJobClient jobs) =>
                TypedResults.Accepted("/admin/jobs", new SyncAccepted(jobs.Enqueue<PublishMenu>(p => p.RunAsync(CancellationToken.None)))))
            .WithName("SyncMenu").WithSummary("Publish config/menu.json to the Official Account now (as a background job).");
        return admin;
    }
}
