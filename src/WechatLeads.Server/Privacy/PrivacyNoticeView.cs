namespace WechatLeads.Server.Privacy;

/// <summary>
/// One published notice as its page shows it. <see cref="BodyHtml"/> is <see cref="MarkdownLite"/>'s output: every
/// character of the notice encoded first, then only our own tags (headings, lists, paragraphs, bold) added.
/// </summary>
public sealed record PrivacyNoticeView(string Title, string BodyHtml, string Version, string PublishedOn, string ContentHash);
