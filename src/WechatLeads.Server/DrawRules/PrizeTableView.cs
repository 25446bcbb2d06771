using System.Globalization;

namespace WechatLeads.Server.DrawRules;

/// <summary>One prize as people read it before taking part: kind, value, quantity, odds and terms, already in words.</summary>
public sealed record PrizeRow(string Name, string Kind, string Value, int Quantity, string Probability, string Terms, int? Remaining);

/// <summary>The announced prizes; <see cref="ShowRemaining"/> on the live landing page, not on the rules as announced.</summary>
public sealed record PrizeTableView(IReadOnlyList<PrizeRow> Rows, bool ShowRemaining)
{
    internal static PrizeTableView From(RulesDocument doc, IReadOnlyDictionary<long, int>? remaining) => new(
        [.. doc.Prizes.Select(p => new PrizeRow(p.Name, RulesDocument.KindText(p.Kind),
            p.ValueYuan is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) + " 元" : "未公示", p.Quantity,
            RulesDocument.Percent(p.Probability), p.Pace is null ? p.Terms : p.Terms + "；" + p.Pace,
            remaining?.GetValueOrDefault(p.Id)))],
        remaining is not null);
}
