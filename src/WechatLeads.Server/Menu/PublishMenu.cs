using System.Security.Cryptography;
using System.Text.Json;
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
/// <c>cgi-bin/menu/create</c>, when it differs from what was last published (its hash, in
/// <see cref="MenuPublication"/>): after every start, after a console edit, and on demand (forced). A database
/// lock keeps it to one instance at a time, so N instances starting together publish once (menu/create is limited
/// to 1,000 calls a day). A retry always sends the newest menu, never a stale one.
/// </summary>
internal sealed class PublishMenu(
    MenuFile file, LeadsDbContext db, PublicUrls urls, DatabaseLock locks, WechatAccount account, TimeProvider time,
    [FromKeyedServices(WechatClientKeys.OfficialAccount)] WechatApiClient wechat, ILogger<PublishMenu> logger)
{
    /// <param name="force">Publish even if unchanged: the console's 重新同步, for a menu changed in WeChat's own back office.</param>
    [AutomaticRetry(Attempts = 5)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task RunAsync(bool force, CancellationToken cancellationToken)
    {
        // Wait for another instance's publish rather than skip it: that one may have read an older revision.
        await using var held = await locks.AcquireAsync("menu-publish", TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(90), cancellationToken);
        var (menu, origin) = await CurrentAsync(cancellationToken);
        var hash = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(menu)));
        var last = await db.Set<MenuPublication>().SingleOrDefaultAsync(p => p.AppId == account.AppId, cancellationToken);
        if (!force && last?.ContentHash == hash)
        {
            logger.LogInformation("The account menu from {Origin} is already published (unchanged since {PublishedAt:u})", origin, last.PublishedAt);
            return;
        }
        await wechat.ExecuteCgibinMenuCreateAsync(menu, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        if (last is null) db.Add(new MenuPublication { AppId = account.AppId, ContentHash = hash, Origin = origin, PublishedAt = now });
        else (last.ContentHash, last.Origin, last.PublishedAt) = (hash, origin, now);
        await db.SaveChangesAsync(cancellationToken);
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
    public void Enqueue(IBackgroundJobClient jobs) => jobs.Enqueue<PublishMenu>(p => p.RunAsync(false, CancellationToken.None));
}
