using Microsoft.EntityFrameworkCore;
using OtpNet;
using WechatLeads.Server.Data;
using WechatLeads.Server.Security;

namespace WechatLeads.Server.Admin;

/// <summary>
/// The optional second factor: a 6-digit code from an authenticator app (RFC 6238 TOTP, 30-second steps, SHA-1,
/// as WeChat-era apps such as Google Authenticator, Microsoft Authenticator and 腾讯身份验证器 expect). The secret
/// is kept encrypted; a code is accepted one step either side of now (clock drift), and each step only once.
/// </summary>
internal sealed class StaffTotp(FieldCipher cipher, LeadsDbContext db, TimeProvider time)
{
    private const string Purpose = "staff-totp-secret";
    public const string Issuer = "WechatLeads";

    /// <summary>A new 160-bit secret, in the base32 an authenticator app is given.</summary>
    public static string NewSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    public string Seal(string secret) => cipher.Encrypt(secret, Purpose);

    /// <summary>The time step <paramref name="typed"/> is the code for, or null when it is no valid code now.</summary>
    public long? StepOf(string secret, string? typed)
    {
        var code = new string((typed ?? "").Where(char.IsAsciiDigit).ToArray());
        if (code.Length != 6) return null;
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        return totp.VerifyTotp(time.GetUtcNow().UtcDateTime, code, out var step, VerificationWindow.RfcSpecifiedNetworkDelay) ? step : null;
    }

    /// <summary>
    /// Accepts a code for the account's enrolled secret, spending its step in the same statement: two sign-ins
    /// racing with one code (a code read over a shoulder) cannot both pass.
    /// </summary>
    public async Task<bool> AcceptAsync(StaffAccount account, string? typed, CancellationToken ct)
    {
        if (account.TotpSecret is null || StepOf(cipher.Decrypt(account.TotpSecret, Purpose), typed) is not { } step) return false;
        return await db.Set<StaffAccount>().Where(a => a.Id == account.Id && a.TotpLastStep < step && a.TotpSecret == account.TotpSecret)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.TotpLastStep, step), ct) == 1;
    }

    /// <summary>What the authenticator app scans: <c>otpauth://totp/…</c>.</summary>
    public static string UriOf(string accountName, string secret) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer + ":" + accountName)}?secret={secret}&issuer={Issuer}&digits=6&period=30";
}
