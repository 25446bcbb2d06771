using System.Text.Json.Serialization;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Campaigns;

/// <summary>
/// The card WeChat shows when someone shares a campaign page to a chat or to Moments: its title, description and
/// image. Unset parts fall back to the campaign's own title and description (WeChat's default image otherwise).
/// Sharing is never rewarded — WeChat's operating rules forbid inducing shares (诱导分享) with draws, prizes or
/// anything else — so there is nowhere to configure a reward: <see cref="RewardDraws"/> exists only to be refused
/// with a reason, and any other key is refused outright rather than silently dropped.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ShareDefinition
{
    public const int MaxTitle = 40;
    public const int MaxDescription = 120;
    public const int MaxImageUrl = 500;

    public string? Title { get; init; }
    public string? Description { get; init; }
    /// <summary>An absolute https URL, or a path on this server (<c>/…</c>) made absolute with the public base URL.</summary>
    public string? ImageUrl { get; init; }
    /// <summary>Extra draws for sharing: refused unless absent or 0.</summary>
    public int? RewardDraws { get; init; }

    public bool IsEmpty => Title is null && Description is null && ImageUrl is null;

    /// <summary>Blank parts become null (the fallback), the rest trimmed.</summary>
    public ShareDefinition Normalized() => new()
    {
        Title = Blank(Title),
        Description = Blank(Description),
        ImageUrl = Blank(ImageUrl),
        RewardDraws = RewardDraws,
    };

    public IEnumerable<string> Problems()
    {
        if (RewardDraws is not (null or 0))
            yield return Ui.T("share.rewardDraws: sharing can't be rewarded — WeChat forbids inducing shares (诱导分享) with draws, prizes or anything.");
        if (Title is { } title && (title.Trim().Length > MaxTitle || title.Any(char.IsControl)))
            yield return Ui.T("share.title is at most {0} characters on one line.", MaxTitle);
        if (Description is { } description && (description.Trim().Length > MaxDescription || description.Any(char.IsControl)))
            yield return Ui.T("share.description is at most {0} characters on one line.", MaxDescription);
        if (Blank(ImageUrl) is { } image && !IsImageUrl(image))
            yield return Ui.T("share.imageUrl must be an https URL or a path on this server starting with /, at most {0} characters.", MaxImageUrl);
    }

    private static bool IsImageUrl(string value) =>
        value.Length <= MaxImageUrl && !value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) &&
        (value.StartsWith('/') && !value.StartsWith("//", StringComparison.Ordinal)
         || Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
