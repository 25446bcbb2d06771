using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.Retention;

/// <summary>The evidence of one retention run: when, what was deleted or pseudonymised, how many of each.</summary>
internal sealed class RetentionRun
{
    public long Id { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    /// <summary>Why it ran: <c>schedule</c> (the daily job) or the staff member who started it.</summary>
    public required string Trigger { get; set; }
    public int LeadsDeleted { get; set; }
    public int PersonsDeleted { get; set; }
    public int ParticipationsDeleted { get; set; }
    public int SessionsDeleted { get; set; }
    public int LedgerRowsPseudonymised { get; set; }
    public int LedgerRowsDeleted { get; set; }
    public int DeliveriesDeleted { get; set; }
    /// <summary>Prize delivery addresses deleted once their parcel's journey ended plus <c>Fulfilment:AddressRetentionDays</c>.</summary>
    public int AddressesPurged { get; set; }
    /// <summary>Prize fulfilments deleted with their expired leads.</summary>
    public int FulfilmentsDeleted { get; set; }
    public string? Error { get; set; }
}

internal sealed class RetentionRunConfiguration : IEntityTypeConfiguration<RetentionRun>
{
    public void Configure(EntityTypeBuilder<RetentionRun> b)
    {
        b.ToTable("RetentionRuns");
        b.Property(x => x.Trigger).HasMaxLength(128);
        b.Property(x => x.Error).HasMaxLength(1000);
        b.HasIndex(x => x.StartedAt);
    }
}
