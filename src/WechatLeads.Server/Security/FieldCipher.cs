using System.Security.Cryptography;
using System.Text;

namespace WechatLeads.Server.Security;

/// <summary>
/// Authenticated encryption (AES-256-GCM) of single values stored in the database: phone numbers,
/// session keys, access tokens. The output names the key it was made with (<c>k1:</c>), so a new key can
/// be introduced and old rows re-encrypted at leisure. The column name is bound in as associated data,
/// so a ciphertext copied into another column does not decrypt.
/// </summary>
internal sealed class FieldCipher
{
    private const string CurrentKeyId = "k1";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly Dictionary<string, byte[]> _keys;

    public FieldCipher(Keyring keyring) => _keys = new() { [CurrentKeyId] = keyring.Derive("field-cipher-" + CurrentKeyId) };

    public string Encrypt(string plaintext, string purpose)
    {
        var input = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + input.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[CurrentKeyId], TagSize);
        aes.Encrypt(nonce, input, output.AsSpan(NonceSize, input.Length), output.AsSpan(NonceSize + input.Length), Encoding.UTF8.GetBytes(purpose));
        return CurrentKeyId + ":" + Convert.ToBase64String(output);
    }

    public string Decrypt(string stored, string purpose)
    {
        var colon = stored.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !_keys.TryGetValue(stored[..colon], out var key))
            throw new CryptographicException("Unknown key id on an encrypted field.");
        var data = Convert.FromBase64String(stored[(colon + 1)..]);
        if (data.Length < NonceSize + TagSize) throw new CryptographicException("Encrypted field is truncated.");
        var plaintext = new byte[data.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(
            data.AsSpan(0, NonceSize),
            data.AsSpan(NonceSize, plaintext.Length),
            data.AsSpan(NonceSize + plaintext.Length),
            plaintext,
            Encoding.UTF8.GetBytes(purpose));
        return Encoding.UTF8.GetString(plaintext);
    }
}
