using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using WechatLeads.Server.Security;

namespace WechatLeads.Server.Audit;

/// <summary>
/// The keys that anchor the audit log's newest entry outside its own rows: a MAC for the head row, a MAC
/// for each instance's anchor file, and an ECDSA P-256 key pair for checkpoints. All derived from
/// <c>Security:EncryptionKey</c>, so every instance has the same ones and nothing new needs storing; the
/// checkpoint key's public half is published, so Compliance can check a kept checkpoint without us.
/// </summary>
internal sealed class AuditSeal : IDisposable
{
    private readonly byte[] _headKey;
    private readonly byte[] _anchorKey;
    private readonly ECDsa _signer;
    private readonly Lock _signing = new();

    public AuditSeal(Keyring keyring)
    {
        _headKey = keyring.Derive("audit-head-v1");
        _anchorKey = keyring.Derive("audit-anchor-v1");
        _signer = CreateSigner(keyring);
        PublicKeyPem = _signer.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>SubjectPublicKeyInfo, PEM: <c>openssl dgst -sha256 -verify key.pem -signature sig.der text</c>.</summary>
    public string PublicKeyPem { get; }

    public string HeadMac(long sequence, string hash, DateTime at) => Mac(_headKey, "head", sequence, hash, at);

    public string AnchorMac(long sequence, string hash, DateTime at) => Mac(_anchorKey, "anchor", sequence, hash, at);

    public static bool SameMac(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    /// <summary>The exact bytes a checkpoint's signature covers (UTF-8, LF line ends, a final LF).</summary>
    public static string CheckpointText(long sequence, string hash, DateTime at) =>
        $"wechatleads audit checkpoint v1\nsequence={sequence.ToString(CultureInfo.InvariantCulture)}\nhash={hash}\nat={Format(at)}\n";

    public string Sign(long sequence, string hash, DateTime at)
    {
        var text = Encoding.UTF8.GetBytes(CheckpointText(sequence, hash, at));
        lock (_signing) return Convert.ToBase64String(_signer.SignData(text, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    public bool IsSigned(long sequence, string hash, DateTime at, string signature)
    {
        var bytes = new byte[Math.Min(signature.Length, 200)];
        if (signature.Length > 200 || !Convert.TryFromBase64String(signature, bytes, out var length)) return false;
        var text = Encoding.UTF8.GetBytes(CheckpointText(sequence, hash, at));
        lock (_signing) return _signer.VerifyData(text, bytes.AsSpan(0, length), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <summary>Times are UTC throughout; a provider that hands one back without a kind (SQLite) still means UTC.</summary>
    public static string Format(DateTime at) =>
        (at.Kind == DateTimeKind.Local ? at.ToUniversalTime() : at).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    public void Dispose() => _signer.Dispose();

    private static string Mac(byte[] key, string kind, long sequence, string hash, DateTime at) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(
            key,
            Encoding.UTF8.GetBytes($"{kind}\n{sequence.ToString(CultureInfo.InvariantCulture)}\n{hash}\n{Format(at)}")));

    /// <summary>
    /// The private scalar is 32 bytes from HKDF; the public point is computed from it on import. A value
    /// outside the curve's order (odds about 2^-32) is refused by the import and the next counter is tried.
    /// </summary>
    private static ECDsa CreateSigner(Keyring keyring)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = keyring.Derive($"audit-checkpoint-ecdsa-p256-v1:{i}") });
            }
            catch (CryptographicException) when (i < 16)
            {
            }
        }
    }
}
