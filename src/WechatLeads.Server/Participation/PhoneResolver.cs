using System.Text.Json;
using WechatLeads.Server.Leads;
using WechatLeads.Server.MiniProgram;
using WechatLeads.Server.PhoneProof;
using WechatLeads.Server.Platform.Identity;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.WechatApi;
using WechatLeads.Wechat.Api;
using WechatLeads.Wechat.Crypto;

namespace WechatLeads.Server.Participation;

/// <summary>How a number was proven to belong to the person giving it.</summary>
internal static class PhoneProofs
{
    /// <summary>WeChat vouched for it: a getPhoneNumber code or encryptedData, bound to the mini-program user.</summary>
    public const string Wechat = "wechat";
    /// <summary>The person typed back the SMS code sent to it.</summary>
    public const string Sms = "sms";
}

/// <param name="VerificationId">The SMS code that proved it, spent by the participation's write; null for WeChat proof.</param>
/// <param name="Settled">A billed WeChat exchange's settlement, still committing (<see cref="PhoneExchange.Settled"/>).</param>
internal sealed record ProvenPhone(PhoneNumber Phone, string Proof, string? VerificationId, Task? Settled = null);

/// <summary>
/// Turns whichever phone input the client sent into a proven mainland number: typed with the SMS code it
/// received, the mini-program getPhoneNumber code (exchanged once with WeChat), or legacy encryptedData
/// (decrypted with the session key that never left the server, watermark checked). A typed number without
/// its code is refused: a number nobody proved speaks for nobody.
/// </summary>
internal sealed class PhoneResolver(
    [FromKeyedServices(WechatClientKeys.MiniProgram)] WechatApiClient miniProgram, MiniProgramSessions sessions, PhoneCodes codes, PhoneNumberBilling billing)
{
    public async Task<ProvenPhone> ResolveAsync(Participant who, ParticipationInput input, Campaigns.Campaign campaign, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(input.Phone))
        {
            if (!PhoneNumber.TryParse(input.Phone, out var typed)) throw new ApiProblemException(ParticipationProblem.InvalidPhone);
            if (string.IsNullOrWhiteSpace(input.SmsCode)) throw new ApiProblemException(ParticipationProblem.SmsCodeRequired);
            var check = await codes.CheckAsync(who, typed.Value, PhoneCodePurposes.Participation, input.SmsCode, cancellationToken);
            return check.Status switch
            {
                PhoneCodes.CheckStatus.Valid => new ProvenPhone(typed.Value, PhoneProofs.Sms, check.VerificationId),
                PhoneCodes.CheckStatus.Wrong => throw new ApiProblemException(ParticipationProblem.SmsCodeWrong),
                PhoneCodes.CheckStatus.Missing => throw new ApiProblemException(ParticipationProblem.SmsCodeRequired),
                _ => throw new ApiProblemException(ParticipationProblem.SmsCodeExpired),
            };
        }

        if (!string.IsNullOrWhiteSpace(input.PhoneCode) || input.PhoneErrno == WechatErrorCodes.PhoneNumberQuotaExhausted)
        {
            // Checked against the session's openid, counted and held to the campaign's daily budget (see PhoneNumberBilling).
            var exchange = await billing.ExchangeAsync(campaign, who, input, cancellationToken);
            return Wechat(Parse(exchange.Info.PurePhoneNumber, exchange.Info.CountryCode)) with { Settled = exchange.Settled };
        }

        if (!string.IsNullOrWhiteSpace(input.EncryptedData) && !string.IsNullOrWhiteSpace(input.Iv))
        {
            var sessionKey = who.SessionId is null ? null : await sessions.SessionKeyAsync(who.SessionId, cancellationToken);
            if (sessionKey is null) throw new ApiProblemException(ParticipationProblem.PhoneCodeInvalid);
            try
            {
                using var data = MiniProgramDataDecryptor.DecryptAndVerify(input.EncryptedData, input.Iv, sessionKey, miniProgram.Options.AppId);
                var root = data.RootElement;
                return Wechat(Parse(root.TryGetProperty("purePhoneNumber", out var p) ? p.GetString() : null,
                    root.TryGetProperty("countryCode", out var cc) ? (cc.ValueKind == JsonValueKind.Number ? cc.GetRawText() : cc.GetString()) : "86"));
            }
            catch (WechatCryptoException)
            {
                throw new ApiProblemException(ParticipationProblem.PhoneCodeInvalid);
            }
        }

        throw new ApiProblemException(ParticipationProblem.PhoneRequired);
    }

    private static ProvenPhone Wechat(PhoneNumber phone) => new(phone, PhoneProofs.Wechat, null);

    private static PhoneNumber Parse(string? digits, string? countryCode) =>
        countryCode is null or "86" && PhoneNumber.TryParse(digits, out var phone)
            ? phone.Value
            : throw new ApiProblemException(ParticipationProblem.InvalidPhone);
}
