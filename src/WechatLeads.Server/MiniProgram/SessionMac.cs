using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using WechatLeads.Server.Security;

namespace WechatLeads.Server.MiniProgram;

/// <summary>
/// A MAC (HMAC-SHA256, key derived from <c>Security:EncryptionKey</c>) over a session row's id, token hash,
/// openid and expiry. A row is a session only if its MAC verifies: someone who can write to the database but
/// does not hold the key can neither plant a session for a token of their own nor point an existing one at
/// another person or extend it.
/// </summary>
internal sealed class SessionMac(Keyring keyring)
{
    private readonly byte[] _key = keyring.Derive("mp-session-mac-v1");

    /// <summary>Stored expiry: whole seconds, so the value read back (PostgreSQL keeps microseconds) is the one signed.</summary>
    public static DateTime Truncate(DateTime utc) => new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    public string Compute(string id, string tokenHash, string openId, DateTime expiresAt)
    {
        var seconds = new DateTimeOffset(DateTime.SpecifyKind(expiresAt, DateTimeKind.Utc)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        // Length-prefixed fields: no two different rows give the same input.
        var input = string.Concat(new[] { id, tokenHash, openId, seconds }.Select(f => f.Length.ToString(CultureInfo.InvariantCulture) + ":" + f + ";"));
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(input)));
    }

    public bool Verifies(string id, string tokenHash, string openId, DateTime expiresAt, string? mac) =>
        mac is { Length: 64 } && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Compute(id, tokenHash, openId, expiresAt)), Encoding.ASCII.GetBytes(mac));
}
