namespace WechatLeads.Server.Risk;

/// <summary>What <see cref="RiskListsPage"/> shows: both lists, newest first, numbers masked.</summary>
public sealed record RiskListsView(IReadOnlyList<RiskListRow> Block, IReadOnlyList<RiskListRow> Allow);

/// <param name="Kind">手机号 or openid, as shown.</param>
/// <param name="Display">The masked number or the openid.</param>
public sealed record RiskListRow(long Id, string Kind, string Display, string? Note, string CreatedBy);
