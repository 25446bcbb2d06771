using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace WechatLeads.Server.Privacy;

/// <summary>
/// Renders the small Markdown subset privacy notices use (headings, lists, paragraphs, bold). Text is
/// encoded before any markup is added, so a notice can't inject HTML: that is why its output may go into a page as
/// a <c>MarkupString</c> (<see cref="PrivacyNoticePage"/>), the one kind of markup a component takes as it is.
/// </summary>
internal static partial class MarkdownLite
{
    public static string ToHtml(string markdown)
    {
        var html = new StringBuilder();
        string? openList = null;
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd();
            var ordered = OrderedItem().Match(line);
            var listTag = line.StartsWith("- ", StringComparison.Ordinal) ? "ul" : ordered.Success ? "ol" : null;
            if (openList is not null && listTag != openList)
            {
                html.Append("</").Append(openList).Append('>');
                openList = null;
            }
            if (line.Length == 0) continue;
            if (listTag is not null)
            {
                if (openList is null) html.Append('<').Append(listTag).Append('>');
                openList = listTag;
                html.Append("<li>").Append(Inline(listTag == "ul" ? line[2..] : line[ordered.Length..])).Append("</li>");
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal)) html.Append("<h2>").Append(Inline(line[3..])).Append("</h2>");
            else if (line.StartsWith("# ", StringComparison.Ordinal)) html.Append("<h1>").Append(Inline(line[2..])).Append("</h1>");
            else html.Append("<p>").Append(Inline(line)).Append("</p>");
        }
        if (openList is not null) html.Append("</").Append(openList).Append('>');
        return html.ToString();
    }

    // Every Unicode range allowed: the Chinese stays readable in the page source instead of becoming &#x…; entities.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static string Inline(string text) => Bold().Replace(Encoder.Encode(text), "<strong>$1</strong>");

    [GeneratedRegex(@"^\d+\.\s+")]
    private static partial Regex OrderedItem();

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex Bold();
}
