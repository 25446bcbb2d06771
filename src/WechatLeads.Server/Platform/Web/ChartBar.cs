namespace WechatLeads.Server.Platform.Web;

/// <summary>One bar of a <see cref="BarChart"/> or <see cref="ColumnChart"/>: its label and value.</summary>
public sealed record ChartBar(string Label, long Value);
