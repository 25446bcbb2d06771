using System.Text;

namespace WechatLeads.Wechat.Api;

/// <summary>
/// WeChat's menu limits, checked before publishing so a bad file is a clear message naming the button
/// instead of a cryptic errcode: ≤ 3 top-level buttons, ≤ 5 sub-buttons, names ≤ 16 / 60 bytes, keys
/// ≤ 128 bytes, and the fields each type needs.
/// </summary>
public static class MenuValidator
{
    private static readonly HashSet<string> KeyTypes = [
        "click",
        "scancode_push",
        "scancode_waitmsg",
        "pic_sysphoto",
        "pic_photo_or_album",
        "pic_weixin",
        "location_select"];
    private static readonly HashSet<string> AllTypes = [.. KeyTypes, "view", "miniprogram", "media_id", "article_id", "article_view_limited"];

    /// <summary>Every finding, in English (<see cref="MenuIssue.Message"/>).</summary>
    public static IReadOnlyList<string> Validate(CgibinMenuCreateRequest menu) => [.. Check(menu).Select(i => i.Message)];

    /// <summary>Every finding, located at its button.</summary>
    public static IReadOnlyList<MenuIssue> Check(CgibinMenuCreateRequest menu)
    {
        ArgumentNullException.ThrowIfNull(menu);
        var issues = new List<MenuIssue>();
        // menu.json is edited by hand: "button": null or a stray null entry must be a message, not a crash.
        var buttons = menu.Buttons ?? [];
        if (buttons.Count is 0 or > 3) issues.Add(new(MenuIssueKind.ButtonCount, Count: buttons.Count));
        for (var i = 0; i < buttons.Count; i++)
        {
            var button = buttons[i];
            if (button is null)
            {
                issues.Add(new(MenuIssueKind.ButtonMissing, i));
                continue;
            }
            CheckName(button, i, null, 16, issues);
            if (button.SubButtons is { Count: > 0 } subs)
            {
                if (subs.Count > 5) issues.Add(new(MenuIssueKind.TooManySubButtons, i, null, button.Name, Count: subs.Count));
                if (button.Type is not null) issues.Add(new(MenuIssueKind.TypeBesideSubButtons, i, null, button.Name));
                for (var j = 0; j < subs.Count; j++)
                {
                    var sub = subs[j];
                    if (sub is null)
                    {
                        issues.Add(new(MenuIssueKind.ButtonMissing, i, j));
                        continue;
                    }
                    CheckName(sub, i, j, 60, issues);
                    if (sub.SubButtons is { Count: > 0 }) issues.Add(new(MenuIssueKind.SubButtonsNested, i, j, sub.Name));
                    CheckType(sub, i, j, issues);
                }
            }
            else
            {
                CheckType(button, i, null, issues);
            }
        }
        return issues;
    }

    private static void CheckName(MenuButton button, int i, int? j, int maxBytes, List<MenuIssue> issues)
    {
        if (string.IsNullOrWhiteSpace(button.Name)) issues.Add(new(MenuIssueKind.NameMissing, i, j, button.Name));
        else if (Encoding.UTF8.GetByteCount(button.Name) is var n && n > maxBytes) issues.Add(new(MenuIssueKind.NameTooLong, i, j, button.Name, Count: n));
    }

    private static void CheckType(MenuButton b, int i, int? j, List<MenuIssue> issues)
    {
        MenuIssue Issue(MenuIssueKind kind, int count = 0) => new(kind, i, j, b.Name, b.Type, count);
        if (b.Type is null || !AllTypes.Contains(b.Type))
        {
            issues.Add(Issue(MenuIssueKind.UnknownType));
            return;
        }
        if (KeyTypes.Contains(b.Type))
        {
            if (string.IsNullOrEmpty(b.Key)) issues.Add(Issue(MenuIssueKind.KeyMissing));
            else if (Encoding.UTF8.GetByteCount(b.Key) is var k && k > 128) issues.Add(Issue(MenuIssueKind.KeyTooLong, k));
        }
        if (b.Type is "view" or "miniprogram")
        {
            if (string.IsNullOrEmpty(b.Url)) issues.Add(Issue(MenuIssueKind.UrlMissing));
            else if (Encoding.UTF8.GetByteCount(b.Url) > 1024) issues.Add(Issue(MenuIssueKind.UrlTooLong));
            else if (!Uri.TryCreate(b.Url, UriKind.Absolute, out var u) || (u.Scheme != "http" && u.Scheme != "https"))
                issues.Add(Issue(MenuIssueKind.UrlNotHttp));
        }
        if (b.Type == "miniprogram" && (string.IsNullOrEmpty(b.AppId) || string.IsNullOrEmpty(b.PagePath))) issues.Add(Issue(MenuIssueKind.MiniProgramTarget));
        if (b.Type == "media_id" && string.IsNullOrEmpty(b.MediaId)) issues.Add(Issue(MenuIssueKind.MediaIdMissing));
        if (b.Type is "article_id" or "article_view_limited" && string.IsNullOrEmpty(b.ArticleId)) issues.Add(Issue(MenuIssueKind.ArticleIdMissing));
    }
}
