using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Platform;
using WechatLeads.Server.WechatApi;

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

    /// <summary>
    /// The page's own policy with WeChat's SDK and this server's share script: still no inline script, and since the
    /// page is a component with its styles in /css/h5.css, no inline style either.
    /// </summary>
    public const string PagePolicy =
        "default-src 'none'; script-src 'self' " + JsSdkPages.ScriptOrigin + "; style-src 'self'; img-src 'self' data:; " +
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

    /// <summary>The card and the signed <c>wx.config</c> as the page shows them, for <see cref="ShareCardElement"/>.</summary>
    public ShareCardView View(JsSdkConfig wx) => new(WxConfigView.From(wx), Title, Description, Link, ImageUrl);

    private static string OneLine(string text) =>
        string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

/// <summary>The share card as the page carries it to <c>/h5/share.js</c>: data attributes, no inline script.</summary>
public sealed record ShareCardView(WxConfigView Wx, string Title, string Description, string Link, string ImageUrl);
