using System.Security.Cryptography;

namespace WechatLeads.Server.Staff;

/// <summary>The one-time key of each confirm form: a double tap or a reload replays the first answer instead of failing.</summary>
internal static class StaffFormKeys
{
    private const string KeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A fresh idempotency key per confirm form (the POS API's 8-64 characters of letters, digits, - or _).</summary>
    public static string New() => "staff-" + RandomNumberGenerator.GetString(KeyAlphabet, 24);

    public static bool IsValid(string key) => key.Length is >= 8 and <= 64 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
