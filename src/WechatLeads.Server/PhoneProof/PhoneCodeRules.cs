namespace WechatLeads.Server.PhoneProof;

/// <summary>
/// The rules every SMS code is held to. They are fixed, not settings: each one is part of what makes a code
/// proof (a 6-digit code with 5 tries is guessed one time in 200 000) and of what keeps the sender from being
/// used to flood a stranger's phone.
/// </summary>
internal static class PhoneCodeRules
{
    public const int Digits = 6;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    public const int MaxTries = 5;
    public static readonly TimeSpan ResendAfter = TimeSpan.FromSeconds(60);
    public const int PerNumberPerHour = 5;
    public const int PerPersonPerDay = 10;

    /// <summary>How long a used or expired code's row is kept: long enough for the per-person daily cap to count it.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);
}
