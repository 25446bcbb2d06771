using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Privacy;

/// <summary>
/// Publishes <c>config/privacy/*.md</c> (file name = version) into the database at start-up, with a
/// SHA-256 of the text. A published version is immutable: a changed text under an old version name stops
/// the start with a message to save it as a new version, because existing consents point at the old text.
/// Each notice must cover what PIPL Art. 17 requires and say the service is for adults (Art. 28, 31).
/// </summary>
internal sealed partial class PrivacyCatalog(LeadsDbContext db, ConfigFiles files, TimeProvider time)
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

    public enum Outcome { Published, AlreadyPublished, TextDiffers }

    /// <summary>The files in <c>config/privacy/</c>; a problem stops the start, naming the file.</summary>
    public async Task PublishAllAsync(CancellationToken cancellationToken)
    {
        var folder = files.PathOf("privacy");
        if (!Directory.Exists(folder)) return;
        foreach (var path in Directory.GetFiles(folder, "*.md").Order(StringComparer.Ordinal))
        {
            var version = Path.GetFileNameWithoutExtension(path);
            var markdown = await File.ReadAllTextAsync(path, cancellationToken);
            var missing = Problems(version, markdown);
            if (missing.Count > 0) throw new InvalidOperationException($"config/privacy/{version}.md lacks: {string.Join("; ", missing)}.");
            if (await PublishAsync(version, markdown, cancellationToken) == Outcome.TextDiffers)
                throw new InvalidOperationException(
                    $"config/privacy/{version}.md differs from the published version {version} that consents refer to. Save the new text as a new version " +
                    $"(e.g. a new file name) and point campaigns at it.");
        }
    }

    /// <summary>What a notice lacks before it may be published; empty when it is complete.</summary>
    public static IReadOnlyList<string> Problems(string version, string markdown)
    {
        var problems = RequiredSections.Where(s => !markdown.Contains(s.Heading, StringComparison.Ordinal))
            .Select(s => $"a section '{s.Heading}': {s.Why}").ToList();
        if (!VersionPattern().IsMatch(version))
            problems.Insert(0, Ui.T("version must be 1-32 letters, digits, '.', '_' or '-', starting with a letter or digit."));
        if (markdown.Length > 200_000) problems.Add(Ui.T("the notice is longer than 200,000 characters."));
        return problems;
    }

    /// <summary>
    /// Publishes one version (call <see cref="Problems"/> first). The same text again is a no-op; another
    /// text under a published version is refused, because existing consents point at the old one.
    /// </summary>
    public async Task<Outcome> PublishAsync(string version, string markdown, CancellationToken cancellationToken)
    {
        markdown = markdown.Replace("\r\n", "\n", StringComparison.Ordinal);
        var hash = Hash(markdown);
        var existing = await db.Set<PrivacyPolicy>().AsNoTracking().SingleOrDefaultAsync(p => p.Version == version, cancellationToken);
        if (existing is not null) return existing.ContentHash == hash ? Outcome.AlreadyPublished : Outcome.TextDiffers;
        var title = markdown.Split('\n').FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim() ?? version;
        db.Add(new PrivacyPolicy
        {
            Version = version,
            Title = title.Length > 200 ? title[..200] : title,
            Markdown = markdown,
            ContentHash = hash,
            PublishedAt = time.GetUtcNow().UtcDateTime
        });
        try { await db.SaveChangesAsync(cancellationToken); }
        catch (DbUpdateException)
        {
            // Another instance (or person) published the same version at the same moment: compare with theirs.
            db.ChangeTracker.Clear();
            var theirs = await db.Set<PrivacyPolicy>().AsNoTracking().SingleAsync(p => p.Version == version, cancellationToken);
            return theirs.ContentHash == hash ? Outcome.AlreadyPublished : Outcome.TextDiffers;
        }
        return Outcome.Published;
    }

    public static string Hash(string markdown) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(markdown)));

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")]
    private static partial System.Text.RegularExpressions.Regex VersionPattern();
}
