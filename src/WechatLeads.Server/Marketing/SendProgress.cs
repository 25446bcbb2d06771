namespace WechatLeads.Server.Marketing;

/// <summary>A marketing send as the console and the admin API show it: its audience and where each person stands.</summary>
public sealed record SendProgress(long Id, string Name, string Channel, string Status, DateTime ScheduledAt, DateTime? NotBefore,
    int AudienceSize, int Pending, int Sent, int Skipped, int Failed, int Unknown, IReadOnlyDictionary<string, int> SkippedByReason,
    string CreatedBy, DateTime CreatedAt, DateTime? FinishedAt, int Delivered);
