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

    public static IReadOnlyList<string> Validate(CgibinMenuCreateRequest menu)
    {
        ArgumentNullException.ThrowIfNull(menu);
        var problems = new List<string>();
        // menu.json is edited by hand: "button": null or a stray null entry must be a message, not a crash.
        var buttons = menu.Buttons ?? [];
        if (buttons.Count is 0 or > 3) problems.Add($"the menu has {buttons.Count} top-level buttons; WeChat allows 1 to 3.");
        for (var i = 0; i < buttons.Count; i++)
        {
            var button = buttons[i];
            if (button is null)
            {
                problems.Add($"button[{i}]: is null.");
                continue;
            }
            var path = $"button[{i}] \"{button.Name}\"";
            CheckName(button, path, 16, problems);
            if (button.SubButtons is { Count: > 0 } subs)
            {
                if (subs.Count > 5) problems.Add($"{path}: has {subs.Count} sub-buttons; WeChat allows at most 5.");
                if (button.Type is not null) problems.Add($"{path}: a button with sub_button must not have a type.");
                for (var j = 0; j < subs.Count; j++)
                {
                    var sub = subs[j];
                    if (sub is null)
                    {
                        problems.Add($"button[{i}].sub_button[{j}]: is null.");
                        continue;
                    }
                    var subPath = $"button[{i}].sub_button[{j}] \"{sub.Name}\"";
                    CheckName(sub, subPath, 60, problems);
                    if (sub.SubButtons is { Count: > 0 }) problems.Add($"{subPath}: sub-buttons cannot have sub-buttons.");
                    CheckType(sub, subPath, problems);
                }
            }
            else
            {
                CheckType(button, path, problems);
            }
        }
        return problems;
    }

    private static void CheckName(MenuButton button, string path, int maxBytes, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(button.Name)) problems.Add($"{path}: name is required.");
        else if (Encoding.UTF8.GetByteCount(button.Name) is var n && n > maxBytes)
            problems.Add($"{path}: name is {n} bytes; WeChat allows at most {maxBytes}.");
    }

    private static void CheckType(MenuButton b, string path, List<string> problems)
    {
        if (b.Type is null || !AllTypes.Contains(b.Type))
        {
            problems.Add($"{path}: type '{b.Type}' is not a WeChat button type.");
            return;
        }
        if (KeyTypes.Contains(b.Type))
        {
            if (string.IsNullOrEmpty(b.Key)) problems.Add($"{path}: a {b.Type} button needs a key.");
            else if (Encoding.UTF8.GetByteCount(b.Key) is var k && k > 128) problems.Add($"{path}: key is {k} bytes; WeChat allows at most 128.");
        }
        if (b.Type is "view" or "miniprogram")
        {
            if (string.IsNullOrEmpty(b.Url)) problems.Add($"{path}: a {b.Type} button needs a url.");
            else if (Encoding.UTF8.GetByteCount(b.Url) > 1024) problems.Add($"{path}: url is longer than 1024 bytes.");
            else if (!Uri.TryCreate(b.Url, UriKind.Absolute, out var u) || (u.Scheme != "http" && u.Scheme != "https"))
                problems.Add($"{path}: url must be an absolute http(s) URL.");
        }
        if (b.Type == "miniprogram" && (string.IsNullOrEmpty(b.AppId) || string.IsNullOrEmpty(b.PagePath)))
            problems.Add($"{path}: a miniprogram button needs appid and pagepath.");
        if (b.Type == "media_id" && string.IsNullOrEmpty(b.MediaId)) problems.Add($"{path}: a media_id button needs media_id.");
        if (b.Type is "article_id" or "article_view_limited" && string.IsNullOrEmpty(b.ArticleId)) problems.Add($"{path}: a {b.Type} button needs article_id.");
    }
}
