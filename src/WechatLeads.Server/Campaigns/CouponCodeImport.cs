using System.Text.RegularExpressions;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Campaigns;

/// <summary>
/// Reads a CSV of coupon codes (the first column; an optional header row <c>code</c> or <c>券码</c>) and
/// sorts every line into accepted or rejected-with-a-reason. Nothing is dropped silently: a person
/// importing 10,000 codes from a supplier's file must learn which 12 did not make it and why.
/// </summary>
internal static partial class CouponCodeImport
{
    public const int MaxLines = 100_000;

    public sealed record Rejected(int Line, string Value, string Reason);

    public sealed record Accepted(int Line, string Code);

    public sealed record Parsed(IReadOnlyList<Accepted> Codes, IReadOnlyList<Rejected> Rejected, bool TooManyLines);

    public static async Task<Parsed> ParseAsync(TextReader reader, CancellationToken cancellationToken)
    {
        var codes = new List<Accepted>();
        var rejected = new List<Rejected>();
        var firstLineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (++lineNumber > MaxLines) return new Parsed(codes, rejected, TooManyLines: true);
            var value = FirstCell(line);
            if (value.Length == 0) continue; // blank line: nothing was there to lose
            if (lineNumber == 1 && value.ToLowerInvariant() is "code" or "券码" or "coupon") continue;
            var shown = value.Length > 80 ? value[..80] + "…" : value;
            if (value.Length is < 4 or > 64) rejected.Add(new(lineNumber, shown, Ui.T("a code has 4-64 characters")));
            else if (!CodePattern().IsMatch(value))
                rejected.Add(new(lineNumber, shown, Ui.T("letters, digits, - and _ only, starting with a letter or digit")));
            else if (firstLineOf.TryGetValue(value, out var first)) rejected.Add(new(lineNumber, shown, Ui.T("repeats line {0}", first)));
            else
            {
                firstLineOf[value] = lineNumber;
                codes.Add(new Accepted(lineNumber, value));
            }
        }
        return new Parsed(codes, rejected, TooManyLines: false);
    }

    /// <summary>The first CSV field, unquoted; a UTF-8 BOM from Excel is ignored.</summary>
    private static string FirstCell(string line)
    {
        var text = line.TrimStart('\uFEFF').Trim();
        if (text.StartsWith('"'))
        {
            var end = text.IndexOf('"', 1);
            return (end < 0 ? text[1..] : text[1..end]).Trim();
        }
        var comma = text.IndexOfAny([',', ';', '\t']);
        return (comma < 0 ? text : text[..comma]).Trim();
    }

    // Never starts with = + - @: a code pasted back into a spreadsheet must not become a formula.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex CodePattern();
}
