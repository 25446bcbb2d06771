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
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static string Decrypt(string encryptedData, string iv, string sessionKey)
    {
        byte[] key, vector, cipher;
        try
        {
            key = Convert.FromBase64String(sessionKey);
            vector = Convert.FromBase64String(iv);
            cipher = Convert.FromBase64String(encryptedData);
        }
        catch (FormatException)
        {
            throw new WechatCryptoException("encryptedData, iv or the session key is not base64.");
        }
        // The protocol is AES-128: a 24- or 32-byte "session key" would silently select AES-192/256 instead.
        if (key.Length != 16 || vector.Length != 16)
            throw new WechatCryptoException("The session key and iv must both decode to 16 bytes.");
        try
        {
            using var aes = Aes.Create();
            aes.Key = key;
            return StrictUtf8.GetString(aes.DecryptCbc(cipher, vector, PaddingMode.PKCS7));
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or DecoderFallbackException)
        {
            // No inner exception and no key material: the message is safe to log.
            throw new WechatCryptoException("encryptedData could not be decrypted with this session key and iv.");
        }
    }

    public static JsonDocument DecryptAndVerify(string encryptedData, string iv, string sessionKey, string expectedAppId)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(Decrypt(encryptedData, iv, sessionKey)); }
        catch (JsonException) { throw new WechatCryptoException("Decrypted data is not JSON."); }

        // Checked by kind first: TryGetProperty/GetString throw InvalidOperationException on the wrong kind.
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object ||
            !root.TryGetProperty("watermark", out var watermark) || watermark.ValueKind != JsonValueKind.Object ||
            !watermark.TryGetProperty("appid", out var appId) || appId.ValueKind != JsonValueKind.String ||
            !string.Equals(appId.GetString(), expectedAppId, StringComparison.Ordinal))
        {
            document.Dispose();
            throw new WechatCryptoException("The data's watermark does not name the expected AppId.");
        }
        return document;
    }
}
