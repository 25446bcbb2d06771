using System.Security.Cryptography;
using System.Text;
using WechatLeads.Server.Security;

namespace WechatLeads.Server.Leads;

/// <summary>
/// How a phone number is stored: AES-GCM ciphertext (with key id, for rotation) plus a keyed HMAC
/// "blind index" so the same number can be found and de-duplicated without decrypting anything.
/// The index key is separate from the encryption key; neither appears in the database.
/// </summary>
internal sealed class PhoneProtector(FieldCipher cipher, Keyring keyring)
{
    private const string Purpose = "phone";
    private readonly byte[] _indexKey = keyring.Derive("phone-blind-index-v1");

    public string Encrypt(PhoneNumber phone) => cipher.Encrypt(phone.Digits, Purpose);

    public string Decrypt(string stored) => cipher.Decrypt(stored, Purpose);

    public string BlindIndex(PhoneNumber phone) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_indexKey, Encoding.UTF8.GetBytes(phone.Digits)));

    /// <summary>The masked form for staff screens, from the stored ciphertext.</summary>
    public string MaskStored(string stored) => PhoneNumber.Mask(Decrypt(stored));
}
