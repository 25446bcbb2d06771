using System.Globalization;
using System.Text;
using WechatLeads.Server.Analytics;
using static WechatLeads.Server.Platform.Web.Html;

namespace WechatLeads.Server.Platform.Web;

/// <summary>
/// Bar charts drawn on the server as inline SVG: no script, no CDN (which WeChat's network may block),
/// readable in any browser and printable. Every bar has a title, so the numbers are there for screen readers.
/// </summary>
internal static class SvgCharts
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Horizontal bars, one per row, labelled and scaled to the largest.</summary>
    public static string HorizontalBars(string id, string title, IReadOnlyList<(string Label, long Value)> rows, string color = "#07c160")
    {
        const int labelWidth = 140, barWidth = 300, rowHeight = 28;
        var max = Math.Max(1, rows.Count == 0 ? 1 : rows.Max(r => r.Value));
        var height = Math.Max(1, rows.Count) * rowHeight + 8;
        var svg = new StringBuilder();
        svg.Append(Invariant, $"<svg id=\"{E(id)}\" class=\"chart\" role=\"img\" aria-label=\"{E(title)}\" viewBox=\"0 0 {labelWidth + barWidth + 80} {height}\" width=\"100%\">");
        for (var i = 0; i < rows.Count; i++)
        {
            var (label, value) = rows[i];
            var y = i * rowHeight + 4;
            var width = Math.Max(2, (int)Math.Round((double)value / max * barWidth));
            svg.Append(Invariant, $"<text x=\"{labelWidth - 8}\" y=\"{y + 18}\" text-anchor=\"end\" font-size=\"13\">{E(label)}</text>");
            svg.Append(Invariant, $"<rect class=\"bar\" x=\"{labelWidth}\" y=\"{y + 4}\" width=\"{width}\" height=\"{rowHeight - 8}\" fill=\"{color}\"><title>{E(label)}: {value}</title></rect>");
            svg.Append(Invariant, $"<text x=\"{labelWidth + width + 6}\" y=\"{y + 18}\" font-size=\"13\">{value}</text>");
        }
        if (rows.Count == 0) svg.Append("<text x=\"10\" y=\"20\" font-size=\"13\" fill=\"#777\">暂无数据</text>");
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Vertical bars over time (one per day), with the first and last day under the axis.</summary>
    public static string Columns(string id, string title, IReadOnlyList<(string Label, long Value)> columns, string color = "#1677ff")
    {
        const int width = 520, height = 160, bottom = 22;
        var max = Math.Max(1, columns.Count == 0 ? 1 : columns.Max(c => c.Value));
        var step = columns.Count == 0 ? width : (double)width / columns.Count;
        var svg = new StringBuilder();
        svg.Append(Invariant, $"<svg id=\"{E(id)}\" class=\"chart\" role=\"img\" aria-label=\"{E(title)}\" viewBox=\"0 0 {width} {height + bottom}\" width=\"100%\">");
        svg.Append(Invariant, $"<line x1=\"0\" y1=\"{height}\" x2=\"{width}\" y2=\"{height}\" stroke=\"#ccc\"/>");
        for (var i = 0; i < columns.Count; i++)
        {
            var (label, value) = columns[i];
            var h = Math.Max(2, (int)Math.Round((double)value / max * (height - 16)));
            svg.Append(Invariant, $"<rect class=\"bar\" x=\"{i * step + step * 0.15:0.##}\" y=\"{height - h}\" width=\"{Math.Max(1, step * 0.7):0.##}\" height=\"{h}\" fill=\"{color}\"><title>{E(label)}: {value}</title></rect>");
        }
        if (columns.Count > 0)
        {
            svg.Append(Invariant, $"<text x=\"0\" y=\"{height + 16}\" font-size=\"12\">{E(columns[0].Label)}</text>");
            svg.Append(Invariant, $"<text x=\"{width}\" y=\"{height + 16}\" font-size=\"12\" text-anchor=\"end\">{E(columns[^1].Label)}</text>");
        }
        else svg.Append("<text x=\"10\" y=\"20\" font-size=\"13\" fill=\"#777\">暂无数据</text>");
        return svg.Append("</svg>").ToString();
    }
}
