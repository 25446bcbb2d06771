using System.Text.Json;
using WechatLeads.Server.Leads;
using WechatLeads.Server.MiniProgram;
using WechatLeads.Server.WechatApi;
using WechatLeads.Wechat.Api;
using WechatLeads.Wechat.Crypto;

namespace WechatLeads.Server.Participation;

/// <summary>
/// Turns whichever phone input the client sent into a validated mainland number: typed, the mini-program
/// getPhoneNumber code (exchanged once with WeChat), or legacy encryptedData (decrypted with the
/// session key that never left the server, watermark checked).
/// </summary>
public sealed class PhoneResolver(
    [FromKeyedServices(WechatClientKeys.MiniProgram)] WechatApiClient miniProgram, MiniProgramSessions sessions, PhoneNumberBilling billing)
{
    public async Task<PhoneNumber> ResolveAsync(Participant who, ParticipationInput input, Campaigns.Campaign campaign, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(input.Phone))
            return PhoneNumber.TryParse(input.Phone, out var typed) ? typed.Value : throw new ParticipationRefusedException(ParticipationProblem.InvalidPhone);

        if (!string.IsNullOrWhiteSpace(input.PhoneCode) || input.PhoneErrno == WechatErrorCodes.PhoneNumberQuotaExhausted)
        {
            // Checked against the session's openid, counted and held to the campaign's daily budget (see PhoneNumberBilling).
            var info = await billing.ExchangeAsync(campaign, who, input, cancellationToken);
            return Parse(info.PurePhoneNumber, info.CountryCode);
        }

        if (!string.IsNullOrWhiteSpace(input.EncryptedData) && !string.IsNullOrWhiteSpace(input.Iv))
        {
            var sessionKey = who.SessionId is null ? null : await sessions.SessionKeyAsync(who.SessionId, cancellationToken);
            if (sessionKey is null) throw new ParticipationRefusedException(ParticipationProblem.PhoneCodeInvalid);
            try
            {
                using var data = MiniProgramDataDecryptor.DecryptAndVerify(input.EncryptedData, input.Iv, sessionKey, miniProgram.Options.AppId);
                var root = data.RootElement;
                return Parse(root.TryGetProperty("purePhoneNumber", out var p) ? p.GetString() : null,
                    root.TryGetProperty("countryCode", out var cc) ? (cc.ValueKind == JsonValueKind.Number ? cc.GetRawText() : cc.GetString()) : "86");
            }
            catch (WechatCryptoException)
            {
                throw new ParticipationRefusedException(ParticipationProblem.PhoneCodeInvalid);
            }
        }

        throw new ParticipationRefusedException(ParticipationProblem.PhoneRequired);
    }

    private static PhoneNumber Parse(string? digits, string? countryCode) =>
        countryCode is null or "86" && PhoneNumber.TryParse(digits, out var phone)
            ? phone.Value
            : throw new ParticipationRefusedException(ParticipationProblem.InvalidPhone);
}
