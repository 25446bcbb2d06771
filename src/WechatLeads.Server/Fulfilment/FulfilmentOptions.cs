namespace WechatLeads.Server.Fulfilment;

/// <summary><c>Fulfilment:*</c> — how long winners have to claim a physical prize, when they are reminded, how long an address is kept.</summary>
internal sealed class FulfilmentOptions
{
    public const string Section = "Fulfilment";
    public const int DefaultClaimDays = 14;

    /// <summary>Days a winner has to give an address or choose pickup, for prizes without their own <c>claimDays</c>.</summary>
    public int ClaimDays { get; set; } = DefaultClaimDays;

    /// <summary>Days after delivery, return or lapse before the address is deleted (time to settle a lost parcel).</summary>
    public int AddressRetentionDays { get; set; } = 30;

    /// <summary>Days before the claim deadline when a winner who has not answered gets one SMS reminder.</summary>
    public int ReminderDaysBefore { get; set; } = 3;

    public static int ClaimDaysFrom(IConfiguration configuration) =>
        Math.Clamp(configuration.GetValue($"{Section}:{nameof(ClaimDays)}", DefaultClaimDays), 1, 365);
}
