using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Marketing;
using WechatLeads.Server.Platform;

namespace WechatLeads.Server.KeywordReplies;

/// <summary>
/// The replies in force, read from the database at most every 30 seconds per instance (a console edit applies
/// at once on the instance that made it), with the campaign titles their cards show. On the first read ever, the
/// rules in config/replies.json (<c>keywordReplies</c>) are loaded into the database — once: the default reply's
/// row marks it done, so rules deleted in the console stay deleted.
/// </summary>
internal sealed class KeywordReplyBook(IServiceScopeFactory scopes, ConfigFiles files, IOptionsMonitor<MarketingOptions> marketing, TimeProvider time,
    ILogger<KeywordReplyBook> logger)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(30);
    private (DateTime At, Snapshot Book)? _loaded;

    public sealed record Snapshot(IReadOnlyList<Compiled> Rules, Compiled? Default, IReadOnlyDictionary<string, (string Title, string Description)> Campaigns);

    /// <summary>A rule with its keywords normalised once.</summary>
    public sealed record Compiled(KeywordReply Reply, IReadOnlyList<string> Keywords);

    public void Forget() => _loaded = null;

    public async Task<Snapshot> CurrentAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_loaded is { } loaded && now - loaded.At < Fresh) return loaded.Book;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
        if (!await db.Set<KeywordReply>().AnyAsync(r => r.IsDefault, ct)) await LoadConfigAsync(db, ct);
        var rows = await db.Set<KeywordReply>().AsNoTracking().OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(ct);
        var campaigns = await db.Set<Campaign>().AsNoTracking().Select(c => new { c.Slug, c.Title, c.Description }).ToListAsync(ct);
        var book = new Snapshot(
            // Exact rules before contains rules, each in the console's order.
            rows.Where(r => !r.IsDefault).OrderBy(r => r.Match == KeywordMatches.Exact ? 0 : 1).ThenBy(r => r.Position).ThenBy(r => r.Id)
                .Select(r => new Compiled(r, r.KeywordList().Select(KeywordReply.Normalise).ToList())).ToList(),
            rows.FirstOrDefault(r => r.IsDefault && r.Type != ReplyTypes.None) is { } d ? new Compiled(d, []) : null,
            campaigns.ToDictionary(c => c.Slug, c => (c.Title, c.Description ?? "")));
        _loaded = (now, book);
        return book;
    }

    private sealed record ConfigFile(ConfigReplies? KeywordReplies);

    private sealed record ConfigReplies(List<ReplyEdit>? Rules, ReplyEdit? Default);

    private async Task LoadConfigAsync(LeadsDbContext db, CancellationToken ct)
    {
        var config = JsonSerializer.Deserialize<ConfigFile>(files.ReadAllText("replies.json"), JsonDefaults.Web)?.KeywordReplies;
        var slugs = (await db.Set<Campaign>().Select(c => c.Slug).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var sender = marketing.CurrentValue.SenderName ?? "";
        var now = time.GetUtcNow().UtcDateTime;
        var position = 0;
        var rows = new List<KeywordReply>();
        foreach (var rule in config?.Rules ?? [])
        {
            if (rule.Problems(isDefault: false, sender, slugs) is { Count: > 0 } problems)
            {
                // A rule naming a campaign this deployment does not have (a sample, say) is skipped, not fatal.
                logger.LogWarning("config/replies.json: keyword rule {Number} skipped: {Problems}", position + 1, string.Join(" ", problems));
                position++;
                continue;
            }
            var row = new KeywordReply { Type = rule.Type!, UpdatedBy = "config/replies.json", UpdatedAt = now, Position = position++ };
            rule.ApplyTo(row);
            rows.Add(row);
        }
        var fallback = config?.Default is { } d
            && d.Problems(isDefault: true, sender, slugs).Count == 0 ? d : new ReplyEdit(null, null, ReplyTypes.None, null, null, null, null, null, false, 0);
        var defaultRow = new KeywordReply { Type = fallback.Type!, IsDefault = true, UpdatedBy = "config/replies.json", UpdatedAt = now };
        fallback.ApplyTo(defaultRow);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            db.Add(defaultRow); // first: the unique default row stops a second instance loading the file too
            await db.SaveChangesAsync(ct);
            db.AddRange(rows);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            logger.LogInformation("Loaded {Count} keyword replies from config/replies.json", rows.Count);
        }
        catch (DbUpdateException)
        {
            await transaction.RollbackAsync(ct); // another instance loaded them first
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
