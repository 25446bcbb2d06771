using WechatLeads.Server.WechatApi;

namespace WechatLeads.Server.H5;

/// <summary>A signed <c>wx.config</c> as a page shows it: in data attributes, read by the page's own script (no inline script).</summary>
public sealed record WxConfigView(string AppId, string Timestamp, string Nonce, string Signature)
{
    internal static WxConfigView From(JsSdkConfig wx) =>
        new(wx.AppId, wx.Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), wx.NonceStr, wx.Signature);
}
