using System.Text.RegularExpressions;

namespace WechatLeads.Server.WechatApi;

/// <summary>
/// The shape of the one-time codes WeChat hands to clients (<c>wx.login</c>'s js_code, the OAuth
/// <c>code</c>): short printable tokens, in practice 32 characters of letters, digits, '-' and '_'. Anything
/// else cannot be a real code, so it is refused here — before it costs a call to WeChat (counted against
/// the account's quota) and a log line.
/// </summary>
internal static partial class WechatCodes
{
    public static bool IsWellFormed(string? code) => code is not null && Shape().IsMatch(code);

    [GeneratedRegex(@"^[A-Za-z0-9_-]{16,64}\z")] // \z: "$" would also accept a trailing newline
    private static partial Regex Shape();
}
