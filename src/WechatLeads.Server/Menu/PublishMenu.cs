using Hangfire;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Platform;
using WechatLeads.Server.WechatApi;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Server.Menu;

/// <summary>
/// Publishes the current menu — the newest console revision, else <c>config/menu.json</c> — with
/// <c>cgi-bin/menu/create</c>. Runs after every start and on demand; a database lock keeps it to one
/// instance at a time (menu/create is limited to 1000 calls a day). Publishing the same menu twice is
/// harmless, so retries are safe, and a retry always sends the newest menu, never a stale one.
/// </summary>
internal sealed class PublishMenu(
    MenuFile file, LeadsDbContext db, PublicUrls urls, DatabaseLock locks,
    [FromKeyedServices(WechatClientKeys.OfficialAccount)] WechatApiClient wechat, ILogger<PublishMenu> logger)
{
    [AutomaticRetry(Attempts = 5)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Wait for another instance's publish rather than skip it: that one may have read an older revision.
        await using var held = await locks.AcquireAsync("menu-publish", TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(90), cancellationToken);
        var (menu, origin) = await CurrentAsync(cancellationToken);
        await wechat.ExecuteCgibinMenuCreateAsync(menu, cancellationToken);
        logger.LogInformation("Published the account menu from {Origin} ({Count} top-level buttons)", origin, menu.Buttons.Count);
    }

    private async Task<(CgibinMenuCreateRequest Menu, string Origin)> CurrentAsync(CancellationToken cancellationToken)
    {
        var revision = await db.Set<MenuRevision>().AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        return revision is null
            ? (file.Load(urls.Expand), $"config/{MenuFile.FileName}")
            : (MenuDocument.Parse(revision.Json, urls.Expand, $"console revision {revision.Id}"), $"console revision {revision.Id}");
    }
}

internal sealed class PublishMenuAtStartup : IStartupJob
{
    public void Enqueue(IBackgroundJobClient jobs) => jobs.Enqueue<PublishMenu>(p => p.RunAsync(CancellationToken.None));
}
