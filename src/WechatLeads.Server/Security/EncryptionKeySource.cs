using System.Security.Cryptography;

namespace WechatLeads.Server.Security;

/// <summary>
/// Where the root key comes from. Everywhere but Development demands <c>Security:EncryptionKey</c> (checked
/// at start-up); in Development a missing key is generated once into the data folder so the demo runs with no
/// set-up, and the log says so. The file is readable by its owner only, like an SSH private key.
/// </summary>
internal static class EncryptionKeySource
{
    public static byte[] Resolve(string? configured, string dataDirectory, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Convert.FromBase64String(configured);

        var path = Path.Combine(dataDirectory, "dev-encryption.key");
        if (File.Exists(path))
        {
            RestrictToOwner(path, logger); // a key file copied in by hand may be readable by others
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        Directory.CreateDirectory(dataDirectory);
        var key = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new StreamWriter(path, options)) file.Write(Convert.ToBase64String(key));
        logger.LogWarning("Security:EncryptionKey is not set; generated a development key at {Path}. Never use this outside development.", path);
        return key;
    }

    private static void RestrictToOwner(string path, ILogger logger)
    {
        if (OperatingSystem.IsWindows()) return;
        var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if ((File.GetUnixFileMode(path) & ~owner) == 0) return;
        File.SetUnixFileMode(path, owner);
        logger.LogWarning("{Path} was readable by other users; it is now readable by its owner only", path);
    }
}
