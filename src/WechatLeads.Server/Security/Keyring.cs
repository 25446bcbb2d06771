using System.Security.Cryptography;
using System.Text;

namespace WechatLeads.Server.Security;

/// <summary>
/// Derives purpose-bound subkeys from <c>Security:EncryptionKey</c> with HKDF-SHA256, so that one root secret
/// never serves two purposes (a keyed hash can never be used to decrypt, and vice versa).
/// </summary>
internal sealed class Keyring
{
    private readonly byte[] _root;

    public Keyring(byte[] rootKey)
    {
        if (rootKey.Length != 32) throw new ArgumentException("The root key must be 32 bytes.", nameof(rootKey));
        _root = rootKey;
    }

    public byte[] Derive(string purpose, int length = 32) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _root, length, salt: [], info: Encoding.UTF8.GetBytes("wechatleads:" + purpose));
}

/// <summary>
/// Keyed one-way hash of a person's identifier. Evidence the law asks us to keep (the consent history)
/// stays linkable to itself after the openid or phone is erased, but can't be turned back into either.
/// </summary>
internal sealed class SubjectHasher(Keyring keyring)
{
    private readonly byte[] _key = keyring.Derive("subject-hash-v1");

    public string Hash(string kind, string identifier)
    {
        var input = Encoding.UTF8.GetBytes(kind + ":" + identifier);
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, input));
    }

    public string HashOpenId(string openId) => Hash("openid", openId);
}
