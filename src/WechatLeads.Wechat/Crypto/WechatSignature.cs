using System.Security.Cryptography;
using System.Text;

// SHA-1 is what WeChat's protocol specifies for these signatures; we can't choose another.
#pragma warning disable CA5350

namespace WechatLeads.Wechat.Crypto;

/// <summary>
/// WeChat's push signature: SHA-1 (lower-case hex) over the parts sorted ordinally and concatenated —
/// (token, timestamp, nonce) for plain mode, plus Encrypt for safe mode's msg_signature.
/// </summary>
public static class WechatSignature
{
    public static string Compute(params string[] parts)
    {
        var sorted = (string[])parts.Clone();
        Array.Sort(sorted, StringComparer.Ordinal);
        var joined = string.Concat(sorted);
        Span<byte> hash = stackalloc byte[20];
        var bytes = Encoding.UTF8.GetBytes(joined);
        SHA1.HashData(bytes, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>40 hexadecimal characters: the shape of every SHA-1 signature WeChat sends.</summary>
    public static bool IsWellFormed(string? signature) =>
        signature is { Length: 40 } && signature.AsSpan().IndexOfAnyExcept(HexDigits) < 0;

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>Constant-time comparison; a missing or wrong-length signature is simply false.</summary>
    public static bool Verify(string? signature, params string[] parts)
    {
        if (string.IsNullOrEmpty(signature) || signature.Length != 40) return false;
        var expected = Encoding.ASCII.GetBytes(Compute(parts));
        var actual = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}

/// <summary>
/// The JS-SDK signature: SHA-1 of <c>jsapi_ticket=…&amp;noncestr=…&amp;timestamp=…&amp;url=…</c> (the keys in
/// ASCII order, values as they are — no URL-encoding). The url is the page's full address without its
/// <c>#fragment</c>, which WeChat strips before checking (the browser never sends it).
/// </summary>
public static class JsSdkSignature
{
    public static string Compute(string jsapiTicket, string nonceStr, string timestamp, string url) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(
            $"jsapi_ticket={jsapiTicket}&noncestr={nonceStr}&timestamp={timestamp}&url={WithoutFragment(url)}")));

    public static string WithoutFragment(string url) => url.IndexOf('#', StringComparison.Ordinal) is var hash and >= 0 ? url[..hash] : url;
}

/// <summary>A push or a mini-program payload that could not be decrypted or authenticated.</summary>
public sealed class WechatCryptoException(string message) : Exception(message);
