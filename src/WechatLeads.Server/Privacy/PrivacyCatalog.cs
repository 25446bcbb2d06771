using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform;

namespace WechatLeads.Server.Privacy;

/// <summary>
/// Publishes <c>config/privacy/*.md</c> (file name = version) into the database at start-up, with a
/// SHA-256 of the text. A published version is immutable: a changed text under an old version name stops
/// the start with a message to save it as a new version, because existing consents point at the old text.
/// Each notice must cover what PIPL Art. 17 requires and say the service is for adults (Art. 28, 31).
/// </summary>
public sealed class PrivacyCatalog(LeadsDbContext db, ConfigFiles files, TimeProvider time)
{
    private static readonly (string Heading, string Why)[] RequiredSections =
    [
        ("个人信息处理者", "operator name and contact (Art. 17 (1))"),
        ("处理目的", "purposes (Art. 17 (2))"),
        ("处理方式", "methods and categories (Art. 17 (2))"),
        ("保存期限", "retention period (Art. 17 (2))"),
        ("权利", "how to exercise rights and withdraw (Art. 17 (3))"),
        ("未成年", "adult-audience statement (Art. 28, 31)"),
    ];

    public async Task PublishAllAsync(CancellationToken cancellationToken)
    {
        var folder = files.PathOf("privacy");
        if (!Directory.Exists(folder)) return;
        foreach (var path in Directory.GetFiles(folder, "*.md").Order(StringComparer.Ordinal))
        {
            var version = Path.GetFileNameWithoutExtension(path);
            var markdown = (await File.ReadAllTextAsync(path, cancellationToken)).Replace("\r\n", "\n", StringComparison.Ordinal);
            var missing = RequiredSections.Where(s => !markdown.Contains(s.Heading, StringComparison.Ordinal)).Select(s => s.Why).ToList();
            if (missing.Count > 0)
                throw new InvalidOperationException($"config/privacy/{version}.md lacks: {string.Join("; ", missing)}.");

            var hash = Hash(markdown);
            var existing = await db.Set<PrivacyPolicy>().SingleOrDefaultAsync(p => p.Version == version, cancellationToken);
            if (existing is null)
            {
                var title = markdown.Split('\n').FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim() ?? version;
                db.Add(new PrivacyPolicy { Version = version, Title = title, Markdown = markdown, ContentHash = hash, PublishedAt = time.GetUtcNow().UtcDateTime });
            }
            else if (existing.ContentHash != hash)
            {
                throw new InvalidOperationException(
                    $"config/privacy/{version}.md differs from the published version {version} that consents refer to. Save the new text as a new version (e.g. a new file name) and point campaigns at it.");
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    public static string Hash(string markdown) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(markdown)));
}
