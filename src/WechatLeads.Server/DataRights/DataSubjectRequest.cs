using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WechatLeads.Server.Platform;

namespace WechatLeads.Server.DataRights;

/// <summary>
/// A person's request about their data (PIPL Art. 44–47): a copy, a correction, a deletion. Recorded when
/// received with its legal deadline, carried out by a job (deletion) or at once (copy, verified correction),
/// and visible to Compliance with its status and how long it took.
/// </summary>
internal sealed class DataSubjectRequest
{
    public required string Id { get; set; }
    public required string Type { get; set; }
    /// <summary>The keyed hash of the requester's WeChat identity — never the openid, which a deletion erases.</summary>
    public required string SubjectKey { get; set; }
    public required string Channel { get; set; }
    public DateTime ReceivedAt { get; set; }
    public DateTime DueAt { get; set; }
    public string Status { get; set; } = DataRequestStatus.Received;
    public DateTime? CompletedAt { get; set; }
    /// <summary>
    /// Set while a request that one person may repeat (an access request) is open: unique, so a person's
    /// repeated or parallel downloads are one request, not a row each. Cleared when it is answered.
    /// </summary>
    public string? OpenKey { get; set; }
}

internal static class DataRequestTypes
{
    /// <summary>A download of one's copy: open until Compliance answers it; repeats while open are the same request.</summary>
    public const string Access = "access";
    /// <summary>Before access requests: one completed row per view of the data (kept for old rows only).</summary>
    public const string Copy = "copy";
    public const string Correct = "correct";
    public const string Delete = "delete";
}

internal static class DataRequestStatus
{
    public const string Received = "received";
    public const string Completed = "completed";
}

/// <summary>15 working days (Monday–Friday, China dates). Public holidays are not modelled: the deadline errs early.</summary>
internal static class WorkingDays
{
    public static DateTime Add(DateTime utc, int days)
    {
        var china = ChinaTime.Local(utc);
        while (days > 0)
        {
            china = china.AddDays(1);
            if (china.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) days--;
        }
        return ChinaTime.ToUtc(china);
    }
}

internal sealed class DataSubjectRequestConfiguration : IEntityTypeConfiguration<DataSubjectRequest>
{
    public void Configure(EntityTypeBuilder<DataSubjectRequest> b)
    {
        b.ToTable("DataSubjectRequests");
        b.Property(x => x.Id).HasMaxLength(32);
        b.Property(x => x.Type).HasMaxLength(16);
        b.Property(x => x.SubjectKey).HasMaxLength(64);
        b.Property(x => x.Channel).HasMaxLength(16);
        b.Property(x => x.Status).HasMaxLength(16);
        b.Property(x => x.OpenKey).HasMaxLength(80);
        b.HasIndex(x => x.ReceivedAt);
        b.HasIndex(x => x.OpenKey).IsUnique();
        b.HasIndex(x => new { x.Status, x.DueAt });
    }
}
