namespace WechatLeads.Sms;

public static class SmsPhoneNumbers
{
    /// <summary>
    /// A mainland mobile number as E.164 (<c>+86</c> and 11 digits starting with 1), from the forms the server
    /// holds: bare 11 digits, <c>+86…</c>, <c>86…</c>, <c>0086…</c>. Anything else throws (without echoing the number).
    /// </summary>
    public static string ToChinaE164(string number)
    {
        var n = number.Trim();
        if (n.StartsWith("+86", StringComparison.Ordinal)) n = n[3..];
        else if (n.StartsWith("0086", StringComparison.Ordinal)) n = n[4..];
        else if (n.Length == 13 && n.StartsWith("86", StringComparison.Ordinal)) n = n[2..];
        if (n.Length != 11 || n[0] != '1' || !n.All(char.IsAsciiDigit))
            throw new ArgumentException("Not a mainland China mobile number.", nameof(number));
        return "+86" + n;
    }
}
