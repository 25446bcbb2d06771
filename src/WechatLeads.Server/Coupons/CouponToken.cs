using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using WechatLeads.Server.Security;

namespace WechatLeads.Server.Coupons;

/// <summary>
/// What the QR code and barcode on a coupon carry: not the code printed under them, but 24 digits — the
/// code's row number, a 5-minute window and a keyed MAC over both. Only this server can make one; a
/// screenshot stops working within <see cref="Lifetime"/>; digits keep the Code 128 barcode short (set C).
/// Guessing is bounded by the MAC (10 digits, ~33 bits) and by who may ask: only store accounts redeem.
/// </summary>
internal sealed class CouponToken(Keyring keyring)
{
    public const int Length = 24;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    /// <summary>A token is accepted in its own window and the two before it: 10-15 minutes after it was shown.</summary>
    public static readonly TimeSpan Lifetime = Window * 3;
    /// <summary>The coupon page refreshes its token this often, well inside <see cref="Lifetime"/>.</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(4);

    private readonly byte[] _key = keyring.Derive("coupon-token-v1");

    public string Create(long codeId, DateTime now) => Format(codeId, WindowOf(now));

    /// <summary>The code row a token names, if it is well-formed, genuine and recent; null otherwise.</summary>
    public long? Read(string? token, DateTime now)
    {
        if (token is null || token.Length != Length || !token.All(char.IsAsciiDigit)) return null;
        var codeId = long.Parse(token.AsSpan(0, 10));
        var window = int.Parse(token.AsSpan(10, 4));
        var current = WindowOf(now);
        for (var back = 0; back < 3; back++)
            if (window == (current - back + 10_000) % 10_000
                && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token), Encoding.ASCII.GetBytes(Format(codeId, window))))
                return codeId;
        return null;
    }

    /// <summary>Whether the text looks like a token at all (the staff page and POS accept a token or a printed code).</summary>
    public static bool LooksLikeToken(string text) => text.Length == Length && text.All(char.IsAsciiDigit);

    private string Format(long codeId, int window)
    {
        if (codeId is < 0 or > 9_999_999_999) throw new ArgumentOutOfRangeException(nameof(codeId));
        Span<byte> input = stackalloc byte[12];
        BinaryPrimitives.WriteInt64BigEndian(input, codeId);
        BinaryPrimitives.WriteInt32BigEndian(input[8..], window);
        var mac = BinaryPrimitives.ReadUInt64BigEndian(HMACSHA256.HashData(_key, input)) % 10_000_000_000;
        return $"{codeId:D10}{window:D4}{mac:D10}";
    }

    // The window number wraps every ~35 days; only the last three windows are ever accepted.
    private static int WindowOf(DateTime now) => (int)(now.Ticks / Window.Ticks % 10_000);
}
