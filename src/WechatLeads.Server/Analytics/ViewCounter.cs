using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Analytics;

/// <summary>
/// Counts landing views in memory and adds them to the database every few seconds: a page view must not
/// cost a write. A crash loses at most the last few seconds of view counts — analytics, not a user's action.
/// Each instance adds its own counts (an increment, not an overwrite), so instances add up.
/// </summary>
public sealed class ViewCounter(IServiceScopeFactory scopes, TimeProvider time, ILogger<ViewCounter> logger) : BackgroundService
{
    private static readonly TimeSpan FlushEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private ConcurrentDictionary<(long Campaign, string Day, string Source), long> _pending = new();

    private const string AddViews =
        "INSERT INTO \"CampaignViews\" (\"CampaignId\", \"Day\", \"Source\", \"Views\") VALUES ({0}, {1}, {2}, {3}) " +
        "ON CONFLICT (\"CampaignId\", \"Day\", \"Source\") DO UPDATE SET \"Views\" = \"CampaignViews\".\"Views\" + excluded.\"Views\"";

    public void Count(long campaignId, string? source)
    {
        var day = (time.GetUtcNow() + ChinaOffset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var key = (campaignId, day, Normalize(source));
        _pending.AddOrUpdate(key, 1, (_, n) => n + 1);
    }

    /// <summary>Writes what has been counted so far (also what tests call instead of waiting).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        // One flush at a time: a caller that finds nothing pending still waits for the flush in progress,
        // so "flushed" means "in the database" (a report read right after sees every counted view).
        await _flushing.WaitAsync(CancellationToken.None);
        try { await WriteAsync(Interlocked.Exchange(ref _pending, new()), cancellationToken); }
        finally { _flushing.Release(); }
    }

    private async Task WriteAsync(ConcurrentDictionary<(long Campaign, string Day, string Source), long> batch, CancellationToken cancellationToken)
    {
        if (batch.IsEmpty) return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
        foreach (var ((campaign, day, source), views) in batch)
        {
            try { await db.Database.ExecuteSqlRawAsync(AddViews, [campaign, day, source, views], cancellationToken); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One bad row (a database hiccup) must not cost every other campaign its counts.
                logger.LogWarning("Could not store {Views} landing views of campaign {Campaign}: {Error}", views, campaign, e.GetType().Name);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await TryFlushAsync();
        }
        catch (OperationCanceledException) { }
        await TryFlushAsync(); // on shutdown, keep what was counted
    }

    /// <summary>Never cancelled half-way: a batch already swapped out of the dictionary would be lost.</summary>
    private async Task TryFlushAsync()
    {
        try { await FlushAsync(CancellationToken.None); }
        catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "Could not store landing-view counts; they are dropped"); }
    }

    /// <summary>
    /// <c>src</c> comes from anyone's URL: keep letters, digits and <c>-_.</c> (Chinese included), at most 32
    /// of them, so no value can be one the database refuses (control characters, half a surrogate pair).
    /// </summary>
    internal static string Normalize(string? source)
    {
        if (string.IsNullOrWhiteSpace(source)) return "";
        var kept = source.Trim().Where(c => char.IsLetterOrDigit(c) && !char.IsSurrogate(c) || c is '-' or '_' or '.').Take(32);
        return string.Concat(kept);
    }
}
