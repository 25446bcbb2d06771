namespace WechatLeads.Server.Anomalies;

/// <summary>The <c>Anomalies</c> section: when a draw's traffic looks like a farm rather than people.</summary>
internal sealed class AnomalyOptions
{
    public const string Section = "Anomalies";

    /// <summary>Alert when the last 5 minutes' rate is this many times the hour before's (per minute).</summary>
    public double RateJumpFactor { get; set; } = 5;

    /// <summary>…and at least this many participations a minute: a quiet campaign's first ten people are not a burst.</summary>
    public int MinimumPerMinute { get; set; } = 30;

    /// <summary>Alert when this share of the last 15 minutes' risk-checked draws had WeChat risk rank 3 or 4.</summary>
    public double HighRiskShare { get; set; } = 0.3;

    /// <summary>…out of at least this many checked draws.</summary>
    public int MinimumChecked { get; set; } = 20;
}
