using System.Security.Cryptography;

namespace WechatLeads.Server.Security;

/// <summary>
/// Where the root key comes from. Production demands <c>Security:EncryptionKey</c> (checked at start-up);
/// outside Production a missing key is generated once into the data folder so the demo runs with no set-up,
/// and the log says so.
/// </summary>
internal static class EncryptionKeySource
{
    public static byte[] Resolve(string? configured, string dataDirectory, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Convert.FromBase64String(configured);

        var path = Path.Combine(dataDirectory, "dev-encryption.key");
        if (File.Exists(path)) return Convert.FromBase64String(File.ReadAllText(path).Trim());

        Directory.CreateDirectory(dataDirectory);
        var key = RandomNumberGenerator.GetBytes(32);
        File.WriteAllText(path, Convert.ToBase64String(key));
        logger.LogWarning("Security:EncryptionKey is not set; generated a development key at {Path}. Never use this outside development.", path);
        return key;
    }
}
