namespace WechatLeads.Server.Risk;

/// <summary>
/// The <c>Risk</c> section: WeChat 安全风控 (<c>getuserriskrank</c>, scene 1 = marketing fraud) before every draw,
/// and what each rank leads to. The defaults follow WeChat's advice: ranks 0–2 draw (1–2 may ask for an SMS
/// code again), 3 draws without the top prizes, 4 wins nothing.
/// </summary>
internal sealed class RiskOptions
{
    public const string Section = "Risk";

    public bool Enabled { get; set; } = true;

    /// <summary>A draw waits at most this long for WeChat's answer; then <see cref="OnError"/> applies.</summary>
    public int TimeoutMilliseconds { get; set; } = 300;

    /// <summary>The action when WeChat answers an error (61010, quota…), times out or can't be reached.</summary>
    public string OnError { get; set; } = RiskActions.Draw;

    /// <summary>Action per rank 0–4: <c>draw</c>, <c>verify</c>, <c>reduced</c> or <c>nowin</c>.</summary>
    public Dictionary<int, string> Actions { get; set; } = [];

    /// <summary>
    /// Also check Official Account H5 draws (with the account's appid and the H5 openid). Off by default:
    /// 安全风控 is a mini-program capability, and only some service accounts may call it.
    /// </summary>
    public bool OfficialAccountH5 { get; set; }

    public static readonly IReadOnlyDictionary<int, string> DefaultActions = new Dictionary<int, string>
    {
        [0] = RiskActions.Draw,
        [1] = RiskActions.Draw,
        [2] = RiskActions.Draw,
        [3] = RiskActions.Reduced,
        [4] = RiskActions.NoWin,
    };

    public string ActionFor(int rank) => Actions.GetValueOrDefault(rank) ?? DefaultActions.GetValueOrDefault(rank, RiskActions.NoWin);
}

internal static class RiskActions
{
    /// <summary>Draw as anyone would.</summary>
    public const string Draw = "draw";
    /// <summary>Draw only with a number proven by an SMS code in this request (not the getPhoneNumber button).</summary>
    public const string Verify = "verify";
    /// <summary>Draw from the table without the top prizes (same 谢谢参与 weight).</summary>
    public const string Reduced = "reduced";
    /// <summary>No win; the participation is still recorded.</summary>
    public const string NoWin = "nowin";

    public static readonly string[] All = [Draw, Verify, Reduced, NoWin];
}
