using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.Data;

/// <summary>
/// Work promised to a user, written in the same transaction as the user's action. In-memory Hangfire
/// storage forgets jobs when the process dies; this row does not, and the sweep re-enqueues it.
/// The payload holds identifiers only — never a phone number or a token.
/// </summary>
internal sealed class OutboxMessage
{
    public required string Id { get; set; }
    public required string Kind { get; set; }
    public required string Payload { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public DateTime? ProcessedAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }

    /// <summary>The W3C traceparent of the span that wrote the row: its job's span continues that trace.</summary>
    public string? TraceParent { get; set; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("Outbox");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(32);
        b.Property(x => x.Kind).HasMaxLength(64);
        b.Property(x => x.LastError).HasMaxLength(512);
        b.Property(x => x.TraceParent).HasMaxLength(55);
        b.HasIndex(x => new { x.ProcessedAt, x.CreatedAt });
    }
}

/// <summary>The backlog as the metrics and the readiness check both read it: rows not yet processed (by the index above).</summary>
internal static class OutboxBacklog
{
    public static IQueryable<OutboxMessage> Unprocessed(LeadsDbContext db) => db.Set<OutboxMessage>().AsNoTracking().Where(m => m.ProcessedAt == null);

    /// <summary>When the oldest unprocessed row was written, or null when the outbox is empty.</summary>
    public static Task<DateTime?> OldestAsync(LeadsDbContext db, CancellationToken ct) => Unprocessed(db).MinAsync(m => (DateTime?)m.CreatedAt, ct);
}
