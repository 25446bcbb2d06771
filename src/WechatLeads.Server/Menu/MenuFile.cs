using System.Text.Json;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Server.Menu;

/// <summary>
/// The account menu in WeChat's <c>menu/create</c> JSON, with <c>{base}</c> standing for this deployment's
/// public URL. Parsing checks WeChat's limits and our own rule that the menu always offers 取消订阅
/// (withdrawal must be as easy as subscribing).
/// </summary>
internal static class MenuDocument
{
    public const string Placeholder = "{base}";

    public static CgibinMenuCreateRequest Parse(string template, Func<string, string> expand, string origin)
    {
        CgibinMenuCreateRequest? menu;
        try { menu = JsonSerializer.Deserialize<CgibinMenuCreateRequest>(expand(template), WechatJson.Options); }
        catch (JsonException e)
        {
            throw new MenuInvalidException(origin, [MenuProblemText.Whole(Ui.T("not valid JSON (line {0}, position {1}).", (e.LineNumber ?? 0) + 1,
                (e.BytePositionInLine ?? 0) + 1))]);
        }
        if (menu?.Buttons is null) throw new MenuInvalidException(origin, [MenuProblemText.Whole(Ui.T("the menu has no \"button\" list."))]);

        var problems = MenuValidator.Check(menu).Select(MenuProblemText.Of).ToList();
        if (!HasUnsubscribeButton(menu)) problems.Add(MenuProblemText.NoUnsubscribeButton());
        if (problems.Count > 0) throw new MenuInvalidException(origin, problems);
        return menu;
    }

    /// <summary>Checks a template without a deployment URL at hand.</summary>
    public static IReadOnlyList<MenuProblem> Problems(string template)
    {
        try
        {
            Parse(template, t => t.Replace(Placeholder, "https://placeholder.example", StringComparison.Ordinal), "menu");
            return [];
        }
        catch (MenuInvalidException e) { return e.Problems; }
    }

    private static bool HasUnsubscribeButton(CgibinMenuCreateRequest menu) =>
        menu.Buttons.SelectMany(b => (b.SubButtons ?? []).Prepend(b))
            .Any(b => b.Type == "click" && b.Key == MenuKeys.Unsubscribe && b.Name == "取消订阅");
}

/// <summary><c>config/menu.json</c>: the menu until someone publishes another from the console.</summary>
internal sealed class MenuFile(ConfigFiles files)
{
    public const string FileName = "menu.json";

    public string ReadTemplate() => files.ReadAllText(FileName);

    public CgibinMenuCreateRequest Load(Func<string, string> expand) => MenuDocument.Parse(ReadTemplate(), expand, $"config/{FileName}");
}

internal sealed class MenuInvalidException(string origin, IReadOnlyList<MenuProblem> problems)
    : Exception($"{origin} is not a valid WeChat menu:{Environment.NewLine}  - " + string.Join(Environment.NewLine + "  - ", problems.Select(p => p.Text)))
{
    public IReadOnlyList<MenuProblem> Problems { get; } = problems;
}
