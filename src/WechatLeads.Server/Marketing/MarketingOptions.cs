using WechatLeads.Server.Platform;
namespace WechatLeads.Server.Marketing;

/// <summary><c>Marketing:*</c> — the limits every marketing message is held to.</summary>
internal sealed class MarketingOptions
{
    public const string Section = "Marketing";

    /// <summary>The brand that signs every message as 【SenderName】 (MIIT: a commercial SMS names its sender).</summary>
    public string SenderName { get; set; } = "";

    /// <summary>At most this many marketing messages per person per <see cref="CapWindow"/>, across all campaigns and channels.</summary>
    public int CapMessages { get; set; } = 1;

    public TimeSpan CapWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The retention period of the marketing purpose: a marketing consent older than this no longer counts
    /// (ask again in a new campaign). The service purpose lasts as long as the campaign's retentionDays.
    /// </summary>
    public TimeSpan ConsentLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Quiet hours, China time: nothing is sent from <see cref="QuietFrom"/> until <see cref="QuietUntil"/>.</summary>
    public TimeOnly QuietFrom { get; set; } = new(21, 0);

    public TimeOnly QuietUntil { get; set; } = new(8, 0);

    /// <summary>Messages per batch: progress is saved and the lease renewed after each.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>The older name of <c>Sms:Provider</c>, read only when that is empty (see <c>Sms/SmsOptions</c>).</summary>
    public string SmsProvider { get; set; } = "";
}

/// <summary>Quiet hours in China time (see ChinaTime), spanning midnight when From &gt; Until.</summary>
internal static class QuietHours
{

    /// <summary>Null when <paramref name="now"/> is a lawful hour; otherwise when the quiet hours end.</summary>
    public static DateTimeOffset? EndsAfter(DateTimeOffset now, TimeOnly from, TimeOnly until)
    {
        var local = now.ToOffset(ChinaTime.Offset);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var quiet = from <= until ? time >= from && time < until : time >= from || time < until;
        if (!quiet) return null;
        var endDay = DateOnly.FromDateTime(local.DateTime);
        if (from > until && time >= from) endDay = endDay.AddDays(1);
        return new DateTimeOffset(endDay.ToDateTime(until), ChinaTime.Offset);
    }
}
