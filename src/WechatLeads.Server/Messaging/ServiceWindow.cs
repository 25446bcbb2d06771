using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WechatLeads.Server.Data;
using WechatLeads.Server.Followers;
using WechatLeads.Wechat.Messages;

namespace WechatLeads.Server.Messaging;

/// <summary>
/// A follower's customer-service window (客服消息), shared by every instance: WeChat lets the account send
/// customer-service messages only after the person interacted — a message from them allows
/// <see cref="MessageAllowance"/> within <see cref="MessageWindow"/>; a menu click, a follow or a QR scan allows
/// <see cref="EventAllowance"/> within <see cref="EventWindow"/>. Each send takes one by a conditional update, so
/// instances sending at once never overrun it, and a send outside it is skipped without calling WeChat.
/// </summary>
internal sealed class ServiceWindow
{
    public static readonly TimeSpan MessageWindow = TimeSpan.FromHours(48);
    public const int MessageAllowance = 5;
    public static readonly TimeSpan EventWindow = TimeSpan.FromMinutes(1);
    public const int EventAllowance = 3;

    public required string OpenId { get; set; }
    public DateTime? LastMessageAt { get; set; }
    public int MessageSends { get; set; }
    public DateTime? LastEventAt { get; set; }
    public int EventSends { get; set; }

    /// <summary>Whether a push opens a window, and which: user messages do, and clicks, views, follows and scans.</summary>
    public static bool? OpensMessageWindow(InboundMessage message) => message switch
    {
        UserMessage => true,
        ClickEvent or ViewEvent or SubscribeEvent or ScanEvent => false,
        _ => null,
    };
}

internal sealed class ServiceWindowConfiguration : IEntityTypeConfiguration<ServiceWindow>
{
    public void Configure(EntityTypeBuilder<ServiceWindow> b)
    {
        b.ToTable("ServiceWindows");
        b.HasKey(x => x.OpenId);
        b.Property(x => x.OpenId).HasMaxLength(64);
    }
}

/// <summary>
/// An interaction, committed with its push: a new window starts with a full allowance. Every push a webhook
/// stores carries one, so a batch's interactions share a multi-row upsert per kind instead of a statement each
/// (on PostgreSQL a statement each was most of a group commit's round trips).
/// </summary>
internal sealed class RecordInteraction(string openId, bool message) : IGroupedWrite
{
    private static readonly MultiRowStatement Messages = new(
        """INSERT INTO "ServiceWindows" ("OpenId", "LastMessageAt", "MessageSends", "EventSends") VALUES""", 4,
        """ON CONFLICT ("OpenId") DO UPDATE SET "LastMessageAt" = excluded."LastMessageAt", "MessageSends" = 0""");

    private static readonly MultiRowStatement Events = new(
        """INSERT INTO "ServiceWindows" ("OpenId", "LastEventAt", "MessageSends", "EventSends") VALUES""", 4,
        """ON CONFLICT ("OpenId") DO UPDATE SET "LastEventAt" = excluded."LastEventAt", "EventSends" = 0""");

    private string OpenId => openId;
    private bool IsMessage => message;

    public Task ApplyAsync(WriteBatch batch, CancellationToken ct) => ApplyGroupAsync(batch, [this], ct);

    public Task ApplyGroupAsync(WriteBatch batch, IReadOnlyList<IGroupedWrite> group, CancellationToken ct)
    {
        var writes = group.Cast<RecordInteraction>().ToList();
        Upsert(batch, Messages, writes.Where(w => w.IsMessage));
        Upsert(batch, Events, writes.Where(w => !w.IsMessage));
        return Task.CompletedTask;
    }

    // One row per openid (PostgreSQL refuses an upsert that touches a row twice; every row of a batch carries the
    // same time anyway), sorted so two instances upserting overlapping followers can't deadlock.
    private static void Upsert(WriteBatch batch, MultiRowStatement statement, IEnumerable<RecordInteraction> writes) =>
        batch.Defer(statement, [.. writes.Select(w => w.OpenId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(id => new object?[] { id, batch.Now, 0, 0 })]);
}

/// <summary>Takes one customer-service message from a follower's window; false when none is open (skip, don't call WeChat).</summary>
internal sealed class ServiceWindowGate(LeadsDbContext db, TimeProvider time)
{
    /// <summary>
    /// One message each from several followers' windows, in two statements however many (a round of opt-out
    /// confirmations); returns the openids that got one. An openid named twice still takes one. A conditional
    /// update decides each, so instances taking at once never overrun a window.
    /// </summary>
    public async Task<HashSet<string>> TryTakeManyAsync(IReadOnlyList<string> openIds, CancellationToken ct)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var distinct = openIds.Distinct(StringComparer.Ordinal).ToList();
        var now = time.GetUtcNow().UtcDateTime;
        // The short window first: it lapses within the minute, the message window lasts two days.
        taken.UnionWith(await IdListSql.QueryAsync(db,
            "UPDATE \"ServiceWindows\" SET \"EventSends\" = \"EventSends\" + 1 WHERE \"OpenId\" IN ({ids}) " +
            "AND \"LastEventAt\" > @since AND \"EventSends\" < @allowance RETURNING \"OpenId\"",
            distinct, [("@since", now - ServiceWindow.EventWindow), ("@allowance", ServiceWindow.EventAllowance)], r => r.GetString(0), ct));
        taken.UnionWith(await IdListSql.QueryAsync(db,
            "UPDATE \"ServiceWindows\" SET \"MessageSends\" = \"MessageSends\" + 1 WHERE \"OpenId\" IN ({ids}) " +
            "AND \"LastMessageAt\" > @since AND \"MessageSends\" < @allowance RETURNING \"OpenId\"",
            distinct.Where(id => !taken.Contains(id)).ToList(),
            [("@since", now - ServiceWindow.MessageWindow), ("@allowance", ServiceWindow.MessageAllowance)], r => r.GetString(0), ct));
        return taken;
    }

    public async Task<bool> TryTakeAsync(string openId, CancellationToken ct) => (await TryTakeManyAsync([openId], ct)).Count == 1;
}

/// <summary>On unfollow or erasure the window row goes (it holds the openid).</summary>
internal sealed class ServiceWindowEraser(LeadsDbContext db) : IPersonalDataEraser
{
    public Task EraseAsync(string openId, string subjectKey, DateTime asOf, CancellationToken cancellationToken) =>
        db.Set<ServiceWindow>().Where(w => w.OpenId == openId).ExecuteDeleteAsync(cancellationToken);
}
