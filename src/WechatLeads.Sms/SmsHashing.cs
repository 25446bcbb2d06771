using System.Security.Cryptography;
using System.Text;

namespace WechatLeads.Sms;

internal static class SmsHashing
{
    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static string Sha256Hex(string text) => Sha256Hex(Encoding.UTF8.GetBytes(text));

    public static byte[] Hmac(ReadOnlySpan<byte> key, string message) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message));

    /// <summary>Constant-time comparison of two lower-hex signatures (a verifier must not leak how many characters matched).</summary>
    public static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
