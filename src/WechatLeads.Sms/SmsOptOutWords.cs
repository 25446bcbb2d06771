using System.Globalization;
using System.Text;

namespace WechatLeads.Sms;

/// <summary>
/// Whether an inbound SMS reply is an opt-out. The rule: the whole reply, after NFKC normalisation (full-width
/// <c>ＴＤ</c> becomes <c>TD</c>, the ideographic space a space), with leading and trailing white space and
/// punctuation removed (<c> TD。</c>, <c>【退订】</c>, <c>"td"!</c>), compared without case, is exactly one of
/// TD, T, N, R, 退订, 取消. Nothing else: a word inside a sentence ("不要退订吗", "TDX", "T D") is not an
/// opt-out, because a false positive silently stops messages someone wanted, while a missed one is answered by
/// the normal "reply TD to unsubscribe" hint on the next message and by the other opt-out routes.
/// </summary>
public static class SmsOptOutWords
{
    /// <summary>The accepted words, upper-case (NFKC output); order is documentation only.</summary>
    public static IReadOnlyList<string> Words { get; } = ["TD", "T", "N", "R", "退订", "取消"];

    private static readonly HashSet<string> Set = new(Words, StringComparer.Ordinal);

    public static bool IsOptOut(string? text)
    {
        if (string.IsNullOrEmpty(text)) return false;
        var normalized = text.Normalize(NormalizationForm.FormKC);
        var start = 0;
        var end = normalized.Length;
        while (start < end && IsEdge(normalized[start])) start++;
        while (end > start && IsEdge(normalized[end - 1])) end--;
        if (start == end) return false;
        return Set.Contains(normalized[start..end].ToUpperInvariant());
    }

    // White space and punctuation only (not symbols such as emoji or letters of other scripts): "TD👍" is a
    // sentence, not the word.
    private static bool IsEdge(char c) => char.IsWhiteSpace(c) || char.IsPunctuation(c) ||
        CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Control;
}
