using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Participation;

/// <summary>
/// One campaign's WeChat phone-number verifications on one China day (yyyymmdd). <see cref="Reserved"/> is what the
/// budget is held against: successes plus exchanges in flight, raised by a conditional increment before WeChat is
/// called, so a burst on several instances cannot pass the budget. The per-component counts are the successes
/// WeChat bills (手机号快速验证 ¥0.03, 手机号实时验证 ¥0.04 per success); <see cref="Unknown"/> when the client did not say.
/// </summary>
internal sealed class PhoneNumberUsage
{
    public long CampaignId { get; set; }
    public int Day { get; set; }
    public int Reserved { get; set; }
    public int Quick { get; set; }
    public int Realtime { get; set; }
    public int Unknown { get; set; }
    /// <summary>WeChat answered 1400001 (the account's paid quota is used up): SMS verification for the rest of the day.</summary>
    public bool QuotaExhausted { get; set; }

    public int Billable => Quick + Realtime + Unknown;
}

internal sealed class PhoneNumberUsageConfiguration : IEntityTypeConfiguration<PhoneNumberUsage>
{
    public void Configure(EntityTypeBuilder<PhoneNumberUsage> b)
    {
        b.ToTable("PhoneNumberUsage");
        b.HasKey(x => new { x.CampaignId, x.Day });
        b.Ignore(x => x.Billable);
        b.ToTable(t => t.HasCheckConstraint("CK_PhoneNumberUsage_Reserved", "\"Reserved\" >= 0"));
    }
}

/// <summary>The statements, plain SQL both SQLite (3.35+) and PostgreSQL run.</summary>
internal static class PhoneNumberUsageSql
{
    /// <summary>The day's row, made with nothing reserved if this is the day's first exchange.</summary>
    public const string EnsureDay =
        """
        INSERT INTO "PhoneNumberUsage" ("CampaignId", "Day", "Reserved", "Quick", "Realtime", "Unknown", "QuotaExhausted")
        VALUES (@CampaignId, @Day, 0, 0, 0, 0, FALSE) ON CONFLICT ("CampaignId", "Day") DO NOTHING
        """;

    /// <summary>
    /// The day's counts, read to grant places from. On PostgreSQL the row stays locked until the commit, so no other
    /// writer or instance grants from the same count; SQLite's writer already holds the database's one write lock.
    /// </summary>
    public const string ReadDay = """SELECT "Reserved", "QuotaExhausted" FROM "PhoneNumberUsage" WHERE "CampaignId" = @CampaignId AND "Day" = @Day""";

    public const string LockDay = ReadDay + " FOR UPDATE";

    /// <summary>Takes the places granted from the count just read (the check constraint keeps it non-negative).</summary>
    public const string Reserve =
        """UPDATE "PhoneNumberUsage" SET "Reserved" = "Reserved" + @Count WHERE "CampaignId" = @CampaignId AND "Day" = @Day""";

    // The reservation stays: it has become the success it was held for. One constant per column, no SQL built from input.
    public const string CountQuick = """UPDATE "PhoneNumberUsage" SET "Quick" = "Quick" + @Count WHERE "CampaignId" = @CampaignId AND "Day" = @Day""";
    public const string CountRealtime =
        """UPDATE "PhoneNumberUsage" SET "Realtime" = "Realtime" + @Count WHERE "CampaignId" = @CampaignId AND "Day" = @Day""";
    public const string CountUnknown = """UPDATE "PhoneNumberUsage" SET "Unknown" = "Unknown" + @Count WHERE "CampaignId" = @CampaignId AND "Day" = @Day""";

    /// <summary>WeChat refused the codes (or could not be reached): nothing was billed, the places go back (never below zero).</summary>
    public const string Release =
        """
        UPDATE "PhoneNumberUsage" SET "Reserved" = CASE WHEN "Reserved" > @Count THEN "Reserved" - @Count ELSE 0 END
        WHERE "CampaignId" = @CampaignId AND "Day" = @Day AND "Reserved" > 0
        """;

    /// <summary>1400001: the places go back, and the day is SMS-only for this campaign from now on.</summary>
    public const string ReleaseQuotaExhausted =
        """
        UPDATE "PhoneNumberUsage" SET "Reserved" = CASE WHEN "Reserved" > @Count THEN "Reserved" - @Count ELSE 0 END, "QuotaExhausted" = TRUE
        WHERE "CampaignId" = @CampaignId AND "Day" = @Day
        """;
}

/// <summary>
/// Takes one place in the day's budget, through the group-commit writer like every hot-path write. Every exchange of a
/// campaign's day touches the same counter row, so reservations and settlements are applied last in their batch: the
/// row stays locked only for the end of the transaction, not while the batch's participations run (on PostgreSQL the
/// writers, and other instances, would otherwise queue behind it one whole batch at a time).
/// </summary>
internal sealed class ReservePhoneNumber(long campaignId, int day, int budget) : IGroupedWrite
{
    /// <summary>The reserved count including this one, or null when the budget is spent or the quota exhausted.</summary>
    public int? Reserved { get; private set; }

    private (long CampaignId, int Day) Key => (campaignId, day);
    private int Budget => budget;

    public Task ApplyAsync(WriteBatch batch, CancellationToken cancellationToken) => ApplyGroupAsync(batch, [this], cancellationToken);

    /// <summary>
    /// A batch's reservations of one campaign's day are granted together, in arrival order, from one read of the
    /// row: one round trip for the lot instead of one each (a rush's batches hold dozens). Rows in key order, so two
    /// writers granting for several campaigns can't deadlock.
    /// </summary>
    public async Task ApplyGroupAsync(WriteBatch batch, IReadOnlyList<IGroupedWrite> group, CancellationToken cancellationToken)
    {
        foreach (var asked in group.Cast<ReservePhoneNumber>().GroupBy(r => r.Key).OrderBy(g => g.Key))
        {
            var key = new { asked.Key.CampaignId, asked.Key.Day };
            batch.Defer(PhoneNumberUsageSql.EnsureDay, key);
            var (before, exhausted) = (await batch.RowAsync(batch.IsPostgres ? PhoneNumberUsageSql.LockDay : PhoneNumberUsageSql.ReadDay, key,
                r => new Tuple<int, bool>(r.GetInt32(0), r.GetBoolean(1)), cancellationToken))!;
            var reserved = before;
            // Each against its own budget: a budget lowered while exchanges were queued holds for the ones after it.
            foreach (var r in asked) r.Reserved = !exhausted && reserved < r.Budget ? ++reserved : null;
            if (reserved > before) batch.Defer(PhoneNumberUsageSql.Reserve, new { Count = reserved - before, key.CampaignId, key.Day });
        }
    }
}

/// <summary>Settles a reservation: a billed success of a component, a refusal, or WeChat's quota answer. Applied last, as reservations are.</summary>
internal sealed class SettlePhoneNumber(long campaignId, int day, PhoneNumberSettlement settlement) : IGroupedWrite
{
    private (long CampaignId, int Day, PhoneNumberSettlement Settlement) Key => (campaignId, day, settlement);

    public Task ApplyAsync(WriteBatch batch, CancellationToken cancellationToken) => ApplyGroupAsync(batch, [this], cancellationToken);

    /// <summary>
    /// One update per day row and kind of settlement, whatever the batch holds: in a rush every participation settles
    /// against the same row, and each update of it is a new row version and a wait on its lock. Key order, as the
    /// reservations: no deadlock between writers. Nobody waits on the answer: sent with the commit on PostgreSQL.
    /// </summary>
    public Task ApplyGroupAsync(WriteBatch batch, IReadOnlyList<IGroupedWrite> group, CancellationToken cancellationToken)
    {
        foreach (var same in group.Cast<SettlePhoneNumber>().GroupBy(s => s.Key).OrderBy(g => g.Key))
            batch.Defer(Sql(same.Key.Settlement), new { Count = same.Count(), same.Key.CampaignId, same.Key.Day });
        return Task.CompletedTask;
    }

    private static string Sql(PhoneNumberSettlement settlement) => settlement switch
    {
        PhoneNumberSettlement.Quick => PhoneNumberUsageSql.CountQuick,
        PhoneNumberSettlement.Realtime => PhoneNumberUsageSql.CountRealtime,
        PhoneNumberSettlement.Unknown => PhoneNumberUsageSql.CountUnknown,
        PhoneNumberSettlement.QuotaExhausted => PhoneNumberUsageSql.ReleaseQuotaExhausted,
        _ => PhoneNumberUsageSql.Release,
    };
}

internal enum PhoneNumberSettlement
{
    Released,
    Quick,
    Realtime,
    Unknown,
    QuotaExhausted,
}
