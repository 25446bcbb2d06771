namespace WechatLeads.Server.Compliance;

/// <summary>What <see cref="EvidenceReportPage"/> prints: the period, and the report's numbered sections as tables.</summary>
public sealed record EvidenceReportView(DateTime From, DateTime To, DateTime GeneratedAt, IReadOnlyList<EvidenceSection> Sections);

/// <param name="Note">What the section's figures mean, in small print.</param>
public sealed record EvidenceSection(string? Id, string Title, string? Note, IReadOnlyList<EvidenceBlock> Blocks);

/// <summary>A heading, a table, or a line of text within a section (the draws' section repeats them per campaign).</summary>
public sealed record EvidenceBlock(string? Heading = null, EvidenceTable? Table = null, string? Text = null);

public sealed record EvidenceTable(string Id, IReadOnlyList<string> Head, IReadOnlyList<IReadOnlyList<string>> Rows);
