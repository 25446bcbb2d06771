using System.Text.Json;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Unsubscribe;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Server.Menu;

/// <summary>
/// <c>config/menu.json</c>, in WeChat's <c>menu/create</c> JSON, with <c>{base}</c> standing for this
/// deployment's public URL. Loading checks WeChat's limits and our own rule that the menu always offers
/// 取消订阅 (withdrawal must be as easy as subscribing).
/// </summary>
public sealed class MenuFile(ConfigFiles files)
{
    public const string FileName = "menu.json";

    public CgibinMenuCreateRequest Load(Func<string, string> expand)
    {
        var json = expand(files.ReadAllText(FileName));
        CgibinMenuCreateRequest? menu;
        try { menu = JsonSerializer.Deserialize<CgibinMenuCreateRequest>(json, WechatJson.Options); }
        catch (JsonException e) { throw new MenuInvalidException([$"config/{FileName} is not valid JSON: {e.Message}"]); }
        if (menu?.Buttons is null) throw new MenuInvalidException([$"config/{FileName} has no \"button\" array."]);

        var problems = MenuValidator.Validate(menu).ToList();
        if (!HasUnsubscribeButton(menu))
            problems.Add($"the menu must contain a click button named 取消订阅 with key {UnsubscribeClickHandler.MenuKey} (convenient withdrawal, PIPL Art. 15).");
        if (problems.Count > 0) throw new MenuInvalidException(problems);
        return menu;
    }

    private static bool HasUnsubscribeButton(CgibinMenuCreateRequest menu) =>
        menu.Buttons.SelectMany(b => (b.SubButtons ?? []).Prepend(b))
            .Any(b => b.Type == "click" && b.Key == UnsubscribeClickHandler.MenuKey && b.Name == "取消订阅");
}

public sealed class MenuInvalidException(IReadOnlyList<string> problems)
    : Exception($"config/{MenuFile.FileName} is not a valid WeChat menu:{Environment.NewLine}  - " + string.Join(Environment.NewLine + "  - ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
