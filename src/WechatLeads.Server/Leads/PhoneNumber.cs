using System.Diagnostics.CodeAnalysis;

namespace WechatLeads.Server.Leads;

/// <summary>
/// A mainland China mobile number, normalised to its 11 digits (<c>1[3-9]\d{9}</c>). Accepts what people
/// type: <c>+86</c>, <c>86</c> or <c>0086</c> prefixes, spaces, dashes, full-width digits. ToString masks
/// it, so an accidental log line or exception message never carries the number.
/// </summary>
internal readonly struct PhoneNumber : IEquatable<PhoneNumber>
{
    private PhoneNumber(string digits) => Digits = digits;

    /// <summary>The 11 digits. Only for encryption and the blind index — never display or log this.</summary>
    public string Digits { get; }

    public string Masked => Mask(Digits);

    public static bool TryParse(string? input, [NotNullWhen(true)] out PhoneNumber? phone)
    {
        phone = null;
        if (string.IsNullOrWhiteSpace(input) || input.Length > 32) return false;
        Span<char> digits = stackalloc char[32];
        var n = 0;
        var leadingPlus = false;
        foreach (var raw in input.Trim())
        {
            var c = raw is >= '０' and <= '９' ? (char)(raw - '０' + '0') : raw; // full-width digits
            if (c is >= '0' and <= '9') digits[n++] = c;
            else if (c == '+' && n == 0) leadingPlus = true;
            else if (c is not (' ' or '-' or '\u3000' or '(' or ')')) return false;
        }
        var s = new string(digits[..n]);
        if (s.StartsWith("0086", StringComparison.Ordinal)) s = s[4..];
        else if (s.Length == 13 && s.StartsWith("86", StringComparison.Ordinal)) s = s[2..];
        else if (leadingPlus) return false; // +<other country code>
        if (s.Length != 11 || s[0] != '1' || s[1] is < '3' or > '9') return false;
        phone = new PhoneNumber(s);
        return true;
    }

    public static string Mask(string digits) => digits.Length == 11 ? digits[..3] + "****" + digits[7..] : "***";

    public override string ToString() => Masked;

    public bool Equals(PhoneNumber other) => Digits == other.Digits;

    public override bool Equals(object? obj) => obj is PhoneNumber other && Equals(other);

    public override int GetHashCode() => Digits.GetHashCode(StringComparison.Ordinal);

    public static bool operator ==(PhoneNumber left, PhoneNumber right) => left.Equals(right);

    public static bool operator !=(PhoneNumber left, PhoneNumber right) => !left.Equals(right);
}
