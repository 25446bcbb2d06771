using System.Collections.Concurrent;
using WechatLeads.Server.Analytics;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform;

namespace WechatLeads.Server.Campaigns;

/// <summary>
/// Counts landing views in memory and adds them to the database every few seconds: a page view must not
/// cost a write. A crash loses at most the last few seconds of view counts — analytics, not a user's action.
/// Each instance adds its own counts (an increment, not an overwrite), so instances add up.
/// The source counted is already attributed (<see cref="Campaigns.Attribution"/>): the keys, and so the
/// memory held here and the rows a flush writes, are bounded by what operators configured, not by what
/// anonymous clients send.
/// </summary>
internal sealed class ViewCounter(DurableWriteQueue writes, TimeProvider time, ILogger<ViewCounter> logger) : BackgroundService
{
    private static readonly TimeSpan FlushEvery = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private ConcurrentDictionary<(long Campaign, string Day, string Source), long> _pending = new();

    private static readonly MultiRowStatement AddViews = new(
        "INSERT INTO \"CampaignViews\" (\"CampaignId\", \"Day\", \"Source\", \"Views\") VALUES", 4,
        "ON CONFLICT (\"CampaignId\", \"Day\", \"Source\") DO UPDATE SET \"Views\" = \"CampaignViews\".\"Views\" + excluded.\"Views\"");

    /// <param name="attributedSource">From <see cref="Campaigns.Attribution.SourceAsync"/>; null when the link named none.</param>
    public void Count(long campaignId, string? attributedSource)
    {
        var day = ChinaTime.Format(time.GetUtcNow().UtcDateTime, "yyyy-MM-dd");
        _pending.AddOrUpdate((campaignId, day, attributedSource ?? ""), 1, (_, n) => n + 1);
    }

    /// <summary>Writes what has been counted so far (also what tests call instead of waiting).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        // One flush at a time: a caller that finds nothing pending still waits for the flush in progress,
        // so "flushed" means "in the database" (a report read right after sees every counted view).
        await _flushing.WaitAsync(CancellationToken.None);
        try
        {
            var batch = Interlocked.Exchange(ref _pending, new());
            if (batch.IsEmpty) return;
            try
            {
                await WriteAsync([.. batch], cancellationToken);
            }
            catch
            {
                // Nothing was committed: the counts go back for the next flush (the keys are bounded, so this can't grow).
                foreach (var (key, views) in batch) _pending.AddOrUpdate(key, views, (_, n) => n + views);
                throw;
            }
        }
        finally { _flushing.Release(); }
    }

    /// <summary>
    /// All rows in multi-row statements through the group-commit writer: one commit beside the requests' writes,
    /// however many campaigns and sources were seen, and never a second writer waiting on SQLite's write lock.
    /// </summary>
    private Task WriteAsync(KeyValuePair<(long Campaign, string Day, string Source), long>[] rows, CancellationToken cancellationToken) =>
        writes.SubmitAsync(null, [new AddViewsWrite(rows)], cancellationToken);

    private sealed class AddViewsWrite(KeyValuePair<(long Campaign, string Day, string Source), long>[] rows) : IDurableWrite
    {
        public Task ApplyAsync(WriteBatch batch, CancellationToken ct)
        {
            batch.ExecuteRows(AddViews, [.. rows.Select(r => new object?[] { r.Key.Campaign, r.Key.Day, r.Key.Source, r.Value })]);
            return Task.CompletedTask;
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
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Could not store landing-view counts ({Error}); the next flush retries", e.GetType().Name);
        }
    }
}
