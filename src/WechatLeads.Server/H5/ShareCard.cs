using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Platform;
using WechatLeads.Server.WechatApi;
using static WechatLeads.Server.Platform.Web.Html;

namespace WechatLeads.Server.H5;

/// <summary>
/// A campaign page's share card as WeChat's JS-SDK takes it (<c>updateAppMessageShareData</c> for chats,
/// <c>updateTimelineShareData</c> for Moments). The link is the campaign's plain URL with <c>src=share</c>: it
/// carries nothing of the sharer (no openid, no OAuth code, no store), so a friend who opens it is attributed
/// to sharing and to nobody — which is also why sharing can't be rewarded: nothing records who shared.
/// </summary>
internal sealed record ShareCard(string Title, string Description, string Link, string ImageUrl)
{
    /// <summary>How much of the campaign's description stands in for an unset share description (two lines in a chat).</summary>
    private const int FallbackDescription = 60;

    /// <summary>The page's own policy with WeChat's SDK and this server's share script: still no inline script.</summary>
    public const string PagePolicy =
        "default-src 'none'; script-src 'self' " + JsSdkPages.ScriptOrigin + "; style-src 'unsafe-inline'; img-src 'self' data:; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static ShareCard For(Campaign campaign, PublicUrls urls)
    {
        var description = campaign.ShareDescription ?? OneLine(campaign.Description);
        if (description.Length > FallbackDescription) description = description[..(FallbackDescription - 1)] + "…";
        return new ShareCard(
            campaign.ShareTitle ?? campaign.Title,
            description,
            $"{urls.Base}/h5/c/{Uri.EscapeDataString(campaign.Slug)}?src=share",
            campaign.ShareImageUrl is { } image ? urls.Absolute(image) : "");
    }

    /// <summary>The script's inputs: the signed wx.config and the card, in data attributes (the policy allows no inline script).</summary>
    public string Element(JsSdkConfig wx) =>
        $"<div id=\"wx-share\" hidden {JsSdkPages.DataAttributes(wx)} " +
        $"data-title=\"{E(Title)}\" data-desc=\"{E(Description)}\" data-link=\"{E(Link)}\" data-img=\"{E(ImageUrl)}\"></div>";

    public const string Scripts = $"<script src=\"{JsSdkPages.ScriptUrl}\" defer></script><script src=\"/h5/share.js\" defer></script>";

    private static string OneLine(string text) => string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
