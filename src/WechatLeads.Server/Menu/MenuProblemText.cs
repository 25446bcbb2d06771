using System.Text.RegularExpressions;

namespace WechatLeads.Server.Menu;

/// <summary>A menu problem where the editor can show it: beside top-level button <see cref="Button"/> (and sub-button <see cref="Sub"/>), or for the whole
/// menu.</summary>
/// <param name="Text">In Chinese, for the person editing the menu.</param>
public sealed record MenuProblem(int? Button, int? Sub, string Text);

/// <summary>
/// The menu checker's findings (WeChat's limits, in the client library's English, and the 取消订阅 rule) in Chinese,
/// located at the button they are about, so the console's editor can put each one beside its button in red.
/// </summary>
internal static partial class MenuProblemText
{
    public static MenuProblem Of(string problem)
    {
        var at = Located().Match(problem);
        if (!at.Success) return new MenuProblem(null, null, Whole(problem));
        int? sub = at.Groups["sub"].Success ? int.Parse(at.Groups["sub"].Value) : null;
        var name = at.Groups["name"].Success && at.Groups["name"].Value.Length > 0 ? $"「{at.Groups["name"].Value}」" : "";
        var where = sub is null ? $"第 {int.Parse(at.Groups["button"].Value) + 1} 个一级菜单{name}" : $"子菜单{name}";
        return new MenuProblem(int.Parse(at.Groups["button"].Value), sub, where + "：" + About(at.Groups["rest"].Value));
    }

    private static string Whole(string problem) => problem switch
    {
        _ when TopLevel().Match(problem) is { Success: true } m => $"菜单有 {m.Groups[1].Value} 个一级菜单，微信允许 1 到 3 个。",
        _ when problem.Contains("取消订阅", StringComparison.Ordinal) =>
            $"菜单必须包含名为“取消订阅”、key 为 {MenuKeys.Unsubscribe} 的点击菜单（撤回同意须与给出同意一样方便，《个人信息保护法》第十五条）。",
        _ when problem.StartsWith("not valid JSON", StringComparison.Ordinal) => "不是有效的 JSON：" + problem["not valid JSON: ".Length..],
        _ when problem.StartsWith("json is required", StringComparison.Ordinal) => "请填写菜单（微信 menu/create 接口的格式）。",
        _ when problem.StartsWith("the menu is longer than", StringComparison.Ordinal) => "菜单内容过长。",
        _ => problem,
    };

    private static string About(string rest) => rest switch
    {
        "is null." => "为空。",
        "a button with sub_button must not have a type." => "有子菜单的菜单不能设置类型。",
        "sub-buttons cannot have sub-buttons." => "子菜单下不能再有子菜单。",
        "name is required." => "请填写名称。",
        "url is longer than 1024 bytes." => "网址超过 1024 字节。",
        "url must be an absolute http(s) URL." => "网址必须是完整的 http:// 或 https:// 地址。",
        "a miniprogram button needs appid and pagepath." => "小程序菜单需要填写 appid 和页面路径（pagepath）。",
        "a media_id button needs media_id." => "素材菜单需要填写 media_id。",
        _ when SubCount().Match(rest) is { Success: true } m => $"有 {m.Groups[1].Value} 个子菜单，微信最多允许 5 个。",
        _ when NameBytes().Match(rest) is { Success: true } m =>
            $"名称 {m.Groups[1].Value} 字节，微信最多 {m.Groups[2].Value} 字节（一个汉字占 3 字节）。",
        _ when UnknownType().Match(rest) is { Success: true } m => $"类型 {m.Groups[1].Value} 不是微信支持的菜单类型。",
        _ when NeedsKey().Match(rest) is { Success: true } m => $"{m.Groups[1].Value} 类型的菜单需要填写 key。",
        _ when KeyBytes().Match(rest) is { Success: true } m => $"key 有 {m.Groups[1].Value} 字节，微信最多 128 字节。",
        _ when NeedsUrl().Match(rest) is { Success: true } m => $"{m.Groups[1].Value} 类型的菜单需要填写网址。",
        _ when NeedsArticle().Match(rest) is { Success: true } m => $"{m.Groups[1].Value} 类型的菜单需要填写 article_id。",
        _ => rest,
    };

    [GeneratedRegex("""^button\[(?<button>\d+)\](?:\.sub_button\[(?<sub>\d+)\])?(?: "(?<name>[^"]*)")?: (?<rest>.*)$""")]
    private static partial Regex Located();

    [GeneratedRegex(@"^the menu has (\d+) top-level buttons")]
    private static partial Regex TopLevel();

    [GeneratedRegex(@"^has (\d+) sub-buttons")]
    private static partial Regex SubCount();

    [GeneratedRegex(@"^name is (\d+) bytes; WeChat allows at most (\d+)\.$")]
    private static partial Regex NameBytes();

    [GeneratedRegex(@"^type '([^']*)' is not a WeChat button type\.$")]
    private static partial Regex UnknownType();

    [GeneratedRegex(@"^a (\S+) button needs a key\.$")]
    private static partial Regex NeedsKey();

    [GeneratedRegex(@"^key is (\d+) bytes")]
    private static partial Regex KeyBytes();

    [GeneratedRegex(@"^a (\S+) button needs a url\.$")]
    private static partial Regex NeedsUrl();

    [GeneratedRegex(@"^a (\S+) button needs article_id\.$")]
    private static partial Regex NeedsArticle();
}
