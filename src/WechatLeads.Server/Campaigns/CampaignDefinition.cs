namespace WechatLeads.Server.Campaigns;

/// <summary>The JSON shape of a campaign, as in <c>config/campaigns/*.json</c> and the admin API.</summary>
internal sealed record CampaignDefinition
{
    public required string Slug { get; init; }
    public required string Type { get; init; }
    public required string Title { get; init; }
    public string Description { get; init; } = "";
    public DateTime StartsAt { get; init; }
    public DateTime EndsAt { get; init; }
    public string Status { get; init; } = CampaignStatus.Draft;
    public List<string> Channels { get; init; } = [CampaignChannels.H5, CampaignChannels.MiniProgram];
    public required string PolicyVersion { get; init; }
    public List<string> Purposes { get; init; } = ["service", "marketing"];
    public int RetentionDays { get; init; } = 180;
    /// <summary>The attribution sources used in this campaign's links; null or empty: <see cref="Attribution.DefaultSources"/>.</summary>
    public List<string>? Sources { get; init; }
    public CouponDefinition? Coupon { get; init; }
    public DrawDefinition? Draw { get; init; }
    /// <summary>Billable WeChat phone-number verifications per China day; null = no limit, 0 = SMS verification only.</summary>
    public int? PhoneNumberDailyBudget { get; init; }
    /// <summary>Who runs the promotion (a draw's rules name it); null: <c>Campaigns:Organiser</c>.</summary>
    public string? Organiser { get; init; }
    /// <summary>The card shown when the page is shared in WeChat; never a reward for sharing.</summary>
    public ShareDefinition? Share { get; init; }
}

internal sealed record CouponDefinition
{
    public int ValidDays { get; init; } = 30;
    /// <summary>A fixed validity instead of <see cref="ValidDays"/>.</summary>
    public DateTime? ValidFrom { get; init; }
    public DateTime? ValidUntil { get; init; }
    /// <summary>Store codes where it is redeemable; null or empty = every store.</summary>
    public List<string>? Stores { get; init; }
    /// <summary>Daily redemption window, Beijing time, e.g. <c>10:00-22:00</c>.</summary>
    public string? RedeemHours { get; init; }
    public CodeSource? Generate { get; init; }
    public List<string>? Codes { get; init; }

    public CouponTerms Terms() => new(ValidDays, ValidFrom, ValidUntil, Stores ?? [], RedeemHours ?? "");
}

internal sealed record CodeSource
{
    public string Prefix { get; init; } = "";
    public int Count { get; init; }
}

internal sealed record DrawDefinition
{
    public int NoWinWeight { get; init; }
    public int PerDay { get; init; } = 1;
    public int Total { get; init; } = 3;
    /// <summary>Limits beyond one per person: per address, segment, device, store window.</summary>
    public DrawLimits? Limits { get; init; }
    public List<PrizeDefinition> Prizes { get; init; } = [];
}

internal sealed record PrizeDefinition
{
    public required string Name { get; init; }
    public int Weight { get; init; }
    public int Inventory { get; init; }
    /// <summary><c>coupon</c> (needs <see cref="Coupon"/>) or <c>physical</c>; null: coupon when codes are given, else physical.</summary>
    public string? Kind { get; init; }
    public CodeSource? Coupon { get; init; }
    public int ValidDays { get; init; } = 30;
    public DateTime? ValidFrom { get; init; }
    public DateTime? ValidUntil { get; init; }
    public List<string>? Stores { get; init; }
    public string? RedeemHours { get; init; }
    /// <summary>Physical prizes: days to give an address or choose pickup before the prize returns to the inventory.</summary>
    public int? ClaimDays { get; init; }
    /// <summary>What the prize is worth, in yuan (disclosed with its odds; a draw can't be announced without it).</summary>
    public decimal? Value { get; init; }
    /// <summary>Paced release, e.g. <c>{"per": "hour", "hours": "08:00-22:00"}</c> (evenly) or <c>{"per": "day", "quantity": 100}</c>.</summary>
    public Pacing.PrizePace? Pace { get; init; }

    public string KindOrDefault => Kind ?? (Coupon is null ? PrizeKinds.Physical : PrizeKinds.Coupon);

    public CouponTerms Terms() => new(ValidDays, ValidFrom, ValidUntil, Stores ?? [], RedeemHours ?? "");
}
