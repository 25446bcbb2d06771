namespace WechatLeads.Server.Platform;

/// <summary>
/// The operator-edited <c>config/</c> folder (menu, replies, campaigns, privacy notices). The build copies
/// the repository's folder beside the binaries; <c>ConfigDirectory</c> points elsewhere in deployments.
/// </summary>
internal sealed class ConfigFiles(string directory)
{
    public string Directory { get; } = directory;

    public string PathOf(string relative) => Path.Combine(Directory, relative);

    public string ReadAllText(string relative)
    {
        var path = PathOf(relative);
        if (!File.Exists(path)) throw new FileNotFoundException($"Configuration file '{relative}' was not found in {Directory}.", path);
        return File.ReadAllText(path);
    }

    public static ConfigFiles From(IConfiguration configuration)
    {
        var configured = configuration["ConfigDirectory"];
        return new ConfigFiles(string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(AppContext.BaseDirectory, "config")
            : Path.GetFullPath(configured));
    }
}
