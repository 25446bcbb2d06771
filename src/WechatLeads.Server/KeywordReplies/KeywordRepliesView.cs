using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.KeywordReplies;

/// <summary>What <see cref="KeywordRepliesPage"/> shows: the rules in the order they are tried, the default reply, and the campaigns a card may show.</summary>
public sealed record KeywordRepliesView(IReadOnlyList<ReplyRuleRow> Rules, DefaultReplyRow? Default, IReadOnlyList<SelectOption> Campaigns);

/// <param name="Reply">What the rule answers, in words ("链接卡片：…").</param>
public sealed record ReplyRuleRow(long Id, bool Exact, IReadOnlyList<string> Keywords, string Reply, bool Promotional, string UpdatedBy);

/// <param name="Text">The current text, when the default reply is a text.</param>
public sealed record DefaultReplyRow(long Id, string Type, string Reply, string? Text);
