using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace WechatLeads.Server.Security;

/// <summary>
/// The cookie and session keys are stored in the shared database, readable by anyone with a backup of
/// it. Encrypting each key element with the deployment's own encryption key (AES-GCM, as for phone
/// numbers) means a database copy alone cannot forge sessions; every instance has the key, so every
/// instance can still read every session.
/// </summary>
internal sealed class KeyRingXmlEncryptor(FieldCipher cipher) : IXmlEncryptor
{
    internal const string Purpose = "data-protection-key";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var sealedKey = cipher.Encrypt(plaintextElement.ToString(SaveOptions.DisableFormatting), Purpose);
        return new EncryptedXmlInfo(new XElement("sealedKey", sealedKey), typeof(KeyRingXmlDecryptor));
    }
}

/// <summary>Created by the data-protection system (by type name, from the stored XML) with the app's services.</summary>
internal sealed class KeyRingXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) =>
        XElement.Parse(services.GetRequiredService<FieldCipher>().Decrypt(encryptedElement.Value, KeyRingXmlEncryptor.Purpose));
}
