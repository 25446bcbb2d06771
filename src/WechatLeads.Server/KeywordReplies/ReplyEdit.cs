using WechatLeads.Server.Marketing;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.KeywordReplies;

/// <summary>A rule (or the default reply) as the console, the API and config/replies.json give it.</summary>
internal sealed record ReplyEdit(
    string? Match, string? Keywords, string? Type, string? Text, string? Title, string? Description, string? Url, string? Campaign, bool? Promotional,
    int? Position)
{
    public const int MaxKeywords = 20;
    public const int MaxKeywordLength = 30;

    /// <summary>Keywords separated by lines, commas (full- or half-width) or 、.</summary>
    public IReadOnlyList<string> KeywordList() =>
        (Keywords ?? "").Split(['\n', '\r', ',', '，', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();

    /// <summary>A campaign card promotes a campaign whatever the flag says.</summary>
    public bool IsPromotional => Promotional == true || Type == ReplyTypes.Campaign;

    public List<string> Problems(bool isDefault, string senderName, IReadOnlySet<string> campaigns)
    {
        var problems = new List<string>();
        if (!isDefault)
        {
            if (Match is not (KeywordMatches.Exact or KeywordMatches.Contains)) problems.Add(Ui.T("match must be exact or contains."));
            var keywords = KeywordList();
            if (keywords.Count is 0 or > MaxKeywords) problems.Add(Ui.T("keywords: 1-{0}, separated by commas or lines.", MaxKeywords));
            if (keywords.Any(k => k.Length > MaxKeywordLength)) problems.Add(Ui.T("each keyword is at most {0} characters.", MaxKeywordLength));
            if (keywords.Any(k => Unsubscribe.OptOutText.IsOptOut(k)))
                problems.Add(Ui.T("an opt-out word (TD, 退订…) can't be a keyword: it always unsubscribes."));
        }
        switch (Type)
        {
            case ReplyTypes.Text:
                if (Text is not { Length: > 0 and <= 600 } || Text.Trim().Length == 0) problems.Add(Ui.T("text is required (at most 600 characters)."));
                break;
            case ReplyTypes.Link:
                if (Title is not { Length: > 0 and <= 64 }) problems.Add(Ui.T("title is required (at most 64 characters)."));
                if (Url is null || !(Url.StartsWith('/') || Uri.TryCreate(Url, UriKind.Absolute, out var u) && u.Scheme is "https" or "http"))
                    problems.Add(Ui.T("url must be https://… or a path of this site (/h5/me)."));
                break;
            case ReplyTypes.Campaign:
                if (Campaign is null || !campaigns.Contains(Campaign)) problems.Add(Ui.T("campaign must be the slug of an existing campaign."));
                break;
            case ReplyTypes.None when isDefault:
                break;
            default:
                problems.Add(isDefault ? "type must be none, text, link or campaign." : "type must be text, link or campaign.");
                break;
        }
        if (Title is { Length: > 64 }) problems.Add(Ui.T("title is at most 64 characters."));
        if (Description is { Length: > 120 }) problems.Add(Ui.T("description is at most 120 characters."));
        if (Url is { Length: > 512 }) problems.Add(Ui.T("url is at most 512 characters."));
        // Promotion by message follows the marketing rules: the brand named, the way out said.
        if (IsPromotional && Type != ReplyTypes.None)
            problems.AddRange(MessageRules.Problems(MarketingChannels.WechatCustomerService, (Type == ReplyTypes.Text ? Text : Description) ?? "", senderName)
                .Select(p => "a promotional reply: " + p));
        return problems;
    }

    public void ApplyTo(KeywordReply reply)
    {
        reply.Match = reply.IsDefault ? "" : Match!;
        reply.Keywords = reply.IsDefault ? "" : string.Join('\n', KeywordList());
        reply.Type = Type!;
        reply.Text = Type == ReplyTypes.Text ? Text!.Trim() : null;
        reply.Title = Type is ReplyTypes.Link or ReplyTypes.Campaign ? Title?.Trim() : null;
        reply.Description = Type is ReplyTypes.Link or ReplyTypes.Campaign ? Description?.Trim() : null;
        reply.Url = Type == ReplyTypes.Link ? Url!.Trim() : null;
        reply.Campaign = Type == ReplyTypes.Campaign ? Campaign : null;
        reply.Promotional = IsPromotional;
        reply.Position = Position ?? reply.Position;
    }
}
