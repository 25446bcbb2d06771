using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace WechatLeads.Server.Security;

/// <summary>
/// The key ring as the data-protection system sees it: only keys whose master key is sealed under
/// <c>Security:EncryptionKey</c> (an <c>encryptedSecret</c> that <see cref="KeyRingXmlDecryptor"/> opens), and
/// revocations. Sealing alone is not enough: the stored ring is a database table, and a key row written there
/// by hand in plain XML would otherwise be accepted — whoever planted it could then forge console and H5
/// cookies. Such a key is dropped here, before the key manager ever sees it, and named once in the log.
/// </summary>
internal sealed class SealedKeyRing(IXmlRepository stored, FieldCipher cipher, ILogger<SealedKeyRing> logger) : IXmlRepository
{
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";
    private static readonly string DecryptorType = typeof(KeyRingXmlDecryptor).FullName!;
    // Only the framework's own descriptor formats: a key may not name some other loaded type to deserialize itself.
    private const string DescriptorNamespace = "Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel.";

    private readonly ConcurrentDictionary<string, bool> _reported = new(StringComparer.Ordinal);

    public IReadOnlyCollection<XElement> GetAllElements() =>
        stored.GetAllElements().Where(e => e.Name.LocalName switch
        {
            "key" => IsSealedHere(e),
            "revocation" => true,
            _ => false,
        }).ToList();

    public void StoreElement(XElement element, string friendlyName) => stored.StoreElement(element, friendlyName);

    private bool IsSealedHere(XElement key)
    {
        var reason = Refusal(key);
        if (reason is null) return true;
        var id = (string?)key.Attribute("id") ?? "(no id)";
        // Once per key and process: the ring is re-read often, and the key itself never goes to the log.
        if (_reported.TryAdd(id, true))
            logger.LogWarning(
                "Data-protection key {KeyId} refused: {Reason}. A key not sealed with Security:EncryptionKey was written to the key table; investigate who " +
                "can write to the database.",
                id,
                reason);
        return false;
    }

    private string? Refusal(XElement key)
    {
        var outer = key.Element("descriptor");
        var descriptor = outer?.Elements().SingleOrDefault();
        if (descriptor is null) return "no descriptor";
        var deserializer = (string?)outer!.Attribute("deserializerType") ?? "";
        if (!deserializer.StartsWith(DescriptorNamespace, StringComparison.Ordinal)) return "unknown descriptor type";
        // Any secret outside a sealed element (a plain masterKey, or one still marked as needing encryption) is refused,
        // even next to a sealed one: the deserializer would read whichever came first.
        if (descriptor.DescendantsAndSelf().Any(e => e.Name.LocalName == "masterKey"
                || (string?)e.Attribute(DataProtection + "requiresEncryption") == "true"))
            return "master key stored in the clear";
        var sealedSecrets = descriptor.Descendants(DataProtection + "encryptedSecret").ToList();
        if (sealedSecrets.Count == 0) return "master key not sealed";
        foreach (var secret in sealedSecrets)
        {
            var type = ((string?)secret.Attribute("decryptorType") ?? "").Split(',')[0].Trim();
            if (type != DecryptorType) return "master key sealed by another decryptor";
            try
            {
                var opened = XElement.Parse(cipher.Decrypt(secret.Elements().SingleOrDefault()?.Value ?? "", KeyRingXmlEncryptor.Purpose));
                if (opened.Name.LocalName != "masterKey") return "sealed element is not a master key";
            }
            catch (Exception e) when (e is CryptographicException or FormatException or System.Xml.XmlException)
            {
                return "seal does not open with Security:EncryptionKey";
            }
        }
        return null;
    }
}
