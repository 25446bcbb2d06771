using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace WechatLeads.Wechat.Crypto;

/// <summary>
/// Legacy mini-program open data (<c>encryptedData</c> + <c>iv</c>): AES-128-CBC with the session key,
/// standard PKCS#7. The watermark's AppId must be ours, or the data was produced for someone else.
/// </summary>
public static class MiniProgramDataDecryptor
{
    public static string Decrypt(string encryptedData, string iv, string sessionKey)
    {
        try
        {
            using var aes = Aes.Create();
            aes.Key = Convert.FromBase64String(sessionKey);
            var plain = aes.DecryptCbc(Convert.FromBase64String(encryptedData), Convert.FromBase64String(iv), PaddingMode.PKCS7);
            return new UTF8Encoding(false, true).GetString(plain);
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException or DecoderFallbackException)
        {
            throw new WechatCryptoException("encryptedData could not be decrypted with this session key and iv.");
        }
    }

    public static JsonDocument DecryptAndVerify(string encryptedData, string iv, string sessionKey, string expectedAppId)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(Decrypt(encryptedData, iv, sessionKey)); }
        catch (JsonException) { throw new WechatCryptoException("Decrypted data is not JSON."); }
        if (!document.RootElement.TryGetProperty("watermark", out var watermark) ||
            !watermark.TryGetProperty("appid", out var appId) || appId.GetString() != expectedAppId)
        {
            document.Dispose();
            throw new WechatCryptoException("The data's watermark names another AppId.");
        }
        return document;
    }
}
