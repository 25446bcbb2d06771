using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WechatLeads.Wechat.Crypto;

/// <summary>
/// Safe-mode message encryption: AES-256-CBC, key = Base64(EncodingAESKey + "="), IV = the key's first 16
/// bytes, and PKCS#7 padding to a 32-byte block (pad 1..32) — which .NET's PaddingMode.PKCS7 (16-byte
/// blocks) rejects on real traffic, so padding is done here by hand. The plaintext is
/// random(16) ‖ length (4 bytes, big-endian) ‖ message ‖ AppId, and the AppId is checked on the way in.
/// </summary>
public sealed class WechatMessageCrypto
{
    private const int Block = 32;
    private readonly byte[] _key;
    private readonly byte[] _iv;
    private readonly byte[] _appId;

    // Strict UTF-8: a message that does not decode is corrupt, not something to patch with U+FFFD.
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    [ThreadStatic] private static Aes? t_aes;
    [ThreadStatic] private static byte[]? t_aesKey;

    public WechatMessageCrypto(string encodingAesKey, string appId)
    {
        ArgumentNullException.ThrowIfNull(encodingAesKey);
        ArgumentException.ThrowIfNullOrEmpty(appId);
        if (encodingAesKey.Length != 43)
            throw new ArgumentException($"EncodingAESKey must be 43 characters, not {encodingAesKey.Length}.", nameof(encodingAesKey));
        var key = new byte[33];
        if (!Convert.TryFromBase64String(encodingAesKey + "=", key, out var written) || written != 32)
            throw new ArgumentException("EncodingAESKey must be base64 that decodes to 32 bytes.", nameof(encodingAesKey));
        _key = key[..32];
        _iv = _key[..16];
        AppId = appId;
        _appId = Encoding.UTF8.GetBytes(appId);
    }

    public string AppId { get; }

    public string Encrypt(string plaintext)
    {
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        return Encrypt(plaintext, random);
    }

    public string Encrypt(string plaintext, ReadOnlySpan<byte> random16)
    {
        if (random16.Length != 16) throw new ArgumentException("The random prefix must be 16 bytes.", nameof(random16));
        var messageLength = Encoding.UTF8.GetByteCount(plaintext);
        var contentLength = 16 + 4 + messageLength + _appId.Length;
        var pad = Block - contentLength % Block; // 1..32
        var buffer = new byte[contentLength + pad];
        random16.CopyTo(buffer);
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(16), messageLength);
        Encoding.UTF8.GetBytes(plaintext, buffer.AsSpan(20));
        _appId.CopyTo(buffer.AsSpan(20 + messageLength));
        buffer.AsSpan(contentLength).Fill((byte)pad);
        return Convert.ToBase64String(Cipher().EncryptCbc(buffer, _iv, PaddingMode.None));
    }

    public string Decrypt(string encryptedBase64)
    {
        byte[] cipher;
        try { cipher = Convert.FromBase64String(encryptedBase64); }
        catch (FormatException) { throw new WechatCryptoException("Encrypt is not base64."); }
        if (cipher.Length == 0 || cipher.Length % 16 != 0) throw new WechatCryptoException("Encrypt is not a whole number of AES blocks.");

        var plain = Cipher().DecryptCbc(cipher, _iv, PaddingMode.None);
        int pad = plain[^1];
        if (pad is < 1 or > Block || pad > plain.Length) throw new WechatCryptoException("Invalid padding.");
        for (var i = plain.Length - pad; i < plain.Length; i++)
            if (plain[i] != pad) throw new WechatCryptoException("Invalid padding.");
        var content = plain.AsSpan(0, plain.Length - pad);
        if (content.Length < 20) throw new WechatCryptoException("Decrypted content is too short.");
        var length = BinaryPrimitives.ReadInt32BigEndian(content[16..]);
        // Compared as "length > room" rather than "20 + length > Length": a tampered length near
        // int.MaxValue would overflow the sum and slip past the check.
        if (length < 0 || length > content.Length - 20) throw new WechatCryptoException("Invalid message length.");
        var appId = content[(20 + length)..];
        if (!appId.SequenceEqual(_appId)) throw new WechatCryptoException("The message was encrypted for another AppId.");
        try
        {
            return StrictUtf8.GetString(content.Slice(20, length));
        }
        catch (DecoderFallbackException)
        {
            throw new WechatCryptoException("The message is not valid UTF-8.");
        }
    }

    /// <summary>One Aes object per thread and key: cheap to reuse, unsafe to share across threads.</summary>
    private Aes Cipher()
    {
        if (t_aes is null || !ReferenceEquals(t_aesKey, _key))
        {
            t_aes ??= Aes.Create();
            t_aes.Key = _key;
            t_aesKey = _key;
        }
        return t_aes;
    }
}
