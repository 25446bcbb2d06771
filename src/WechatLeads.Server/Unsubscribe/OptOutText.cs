using System.Text;

namespace WechatLeads.Server.Unsubscribe;

/// <summary>
/// Recognises a reply that means "stop marketing": TD in any case, spacing or width, 退订, 取消订阅.
/// Normalisation is NFKC (full-width ＴＤ → TD), then every kind of white space removed, then upper case.
/// Anything else — including sentences that merely contain TD — is not an opt-out.
/// </summary>
internal static class OptOutText
{
    private static readonly HashSet<string> Phrases = new(StringComparer.Ordinal) { "TD", "退订", "取消订阅" };

    public static bool IsOptOut(string? content)
    {
        if (string.IsNullOrEmpty(content) || content.Length > 32) return false;
        var normalised = content.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(normalised.Length);
        foreach (var c in normalised)
            if (!char.IsWhiteSpace(c) && c != '\u200B') builder.Append(char.ToUpperInvariant(c));
        return Phrases.Contains(builder.ToString());
    }
}
