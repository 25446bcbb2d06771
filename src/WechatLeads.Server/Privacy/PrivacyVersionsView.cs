namespace WechatLeads.Server.Privacy;

/// <summary>What <see cref="PrivacyVersionsPage"/> shows.</summary>
/// <param name="NextDraft">The newest text, the starting point for the next version: edit, rename, publish.</param>
public sealed record PrivacyVersionsView(IReadOnlyList<PublishedPolicyRow> Published, string NextDraft);

/// <param name="PublishedAt">Beijing time, to the minute.</param>
public sealed record PublishedPolicyRow(string Version, string Title, string PublishedAt, string HashPrefix);
