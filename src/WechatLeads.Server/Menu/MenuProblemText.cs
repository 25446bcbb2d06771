using WechatLeads.Server.Platform.Web;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Server.Menu;

/// <summary>A menu problem where the editor can show it: beside top-level button <see cref="Button"/> (and sub-button <see cref="Sub"/>), or for the whole
/// menu.</summary>
/// <param name="Text">In the console's language, for the person editing the menu.</param>
public sealed record MenuProblem(int? Button, int? Sub, string Text);

/// <summary>
/// The menu checker's findings (<see cref="MenuValidator.Check"/>: WeChat's limits, located at their button) and the
/// menu's own rules, worded for the person editing it (<see cref="Ui"/>), so the editor puts each beside its button.
/// </summary>
internal static class MenuProblemText
{
    public static MenuProblem Of(MenuIssue issue)
    {
        if (issue.Button is not { } button) return Whole(Ui.T("the menu has {0} top-level buttons; WeChat allows 1 to 3.", issue.Count));
        var name = string.IsNullOrEmpty(issue.Name) ? "" : $"「{issue.Name}」";
        var where = issue.Sub is null ? Ui.T("top-level button {0}{1}", button + 1, name) : Ui.T("sub-button {0}{1}", issue.Sub + 1, name);
        var type = TypeName(issue.Type);
        var what = issue.Kind switch
        {
            MenuIssueKind.ButtonMissing => Ui.T("is empty."),
            MenuIssueKind.TooManySubButtons => Ui.T("has {0} sub-buttons; WeChat allows at most 5.", issue.Count),
            MenuIssueKind.TypeBesideSubButtons => Ui.T("a button with sub-buttons has no type of its own."),
            MenuIssueKind.SubButtonsNested => Ui.T("sub-buttons cannot have sub-buttons."),
            MenuIssueKind.NameMissing => Ui.T("name is required."),
            MenuIssueKind.NameTooLong => Ui.T("the name is {0} bytes; WeChat allows at most {1} (a Chinese character is 3 bytes).", issue.Count, issue.Limit),
            MenuIssueKind.UnknownType => Ui.T("type '{0}' is not a WeChat button type.", issue.Type ?? ""),
            MenuIssueKind.KeyMissing => Ui.T("a {0} button needs a key.", type),
            MenuIssueKind.KeyTooLong => Ui.T("the key is {0} bytes; WeChat allows at most 128.", issue.Count),
            MenuIssueKind.UrlMissing => Ui.T("a {0} button needs a web address.", type),
            MenuIssueKind.UrlTooLong => Ui.T("the web address is longer than 1024 bytes."),
            MenuIssueKind.UrlNotHttp => Ui.T("the web address must be a full http:// or https:// address."),
            MenuIssueKind.MiniProgramTarget => Ui.T("a mini-program button needs the appid and the page path (pagepath)."),
            MenuIssueKind.MediaIdMissing => Ui.T("a media button needs media_id."),
            _ => Ui.T("a {0} button needs article_id.", type),
        };
        return new MenuProblem(button, issue.Sub, where + Ui.T(": ") + what);
    }

    public static MenuProblem Whole(string text) => new(null, null, text);

    public static MenuProblem NoUnsubscribeButton() => Whole(Ui.T(
        "the menu must contain a click button named 取消订阅 with key {0}: withdrawing consent must be as easy as giving it (PIPL Art. 15).",
        MenuKeys.Unsubscribe));

    /// <summary>The types as the editor's drop-down names them.</summary>
    private static string TypeName(string? type) => type switch
    {
        "click" => Ui.T("click"),
        "view" => Ui.T("web page"),
        "miniprogram" => Ui.T("mini-program"),
        "media_id" => Ui.T("media"),
        "article_id" or "article_view_limited" => Ui.T("published article"),
        null => "",
        _ => Ui.T("scan or photo ({0})", type),
    };
}
