using WechatLeads.Server.Menu;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Platform;

public sealed class MenuFileTests
{
    private static MenuInvalidException LoadInvalid(string json)
    {
        var dir = Directory.CreateTempSubdirectory("wl-menu-").FullName;
        File.WriteAllText(Path.Combine(dir, "menu.json"), json);
        return Assert.Throws<MenuInvalidException>(() => new MenuFile(new ConfigFiles(dir)).Load(t => t.Replace("{base}", "https://x.example")));
    }

    private const string Unsubscribe = """{ "type": "click", "name": "取消订阅", "key": "UNSUBSCRIBE" }""";

    [Fact]
    public void The_shipped_menu_is_valid_and_offers_unsubscribe()
    {
        var menu = new MenuFile(new ConfigFiles(Path.Combine(AppContext.BaseDirectory, "config"))).Load(t => t.Replace("{base}", "https://x.example"));
        Assert.Contains(menu.Buttons.SelectMany(b => b.SubButtons ?? []), b => b.Key == "UNSUBSCRIBE" && b.Name == "取消订阅");
    }

    [Fact]
    public void Four_top_level_buttons_are_refused()
    {
        var error = LoadInvalid($$"""{ "button": [ {{Unsubscribe}}, {"type":"click","name":"b","key":"b"}, {"type":"click","name":"c","key":"c"}, """ +
            $$"""{"type":"click","name":"d","key":"d"} ] }""");
        Assert.Contains("3", error.Message);
    }

    [Fact]
    public void A_key_over_128_bytes_is_refused_naming_the_button()
    {
        var error = LoadInvalid($$"""{ "button": [ { "name": "我的", "sub_button": [ {{Unsubscribe}}, """ +
            $$"""{"type":"click","name":"长键按钮","key":"{{new string('k', 129)}}"} ] } ] }""");
        Assert.Contains("长键按钮", error.Message);
    }

    [Fact]
    public void A_menu_without_the_unsubscribe_button_is_refused()
    {
        var error = LoadInvalid("""{ "button": [ {"type":"view","name":"活动","url":"{base}/h5/c/x"} ] }""");
        Assert.Contains("取消订阅", error.Message);
    }

    [Fact]
    public void A_view_button_without_a_url_is_refused_naming_it()
    {
        var error = LoadInvalid($$"""{ "button": [ {{Unsubscribe}}, {"type":"view","name":"没有链接"} ] }""");
        Assert.Contains("没有链接", error.Message);
    }

    [Fact]
    public void Six_sub_buttons_are_refused()
    {
        var subs = string.Join(",", Enumerable.Range(0, 5).Select(i => $$"""{"type":"click","name":"s{{i}}","key":"k{{i}}"}"""));
        var error = LoadInvalid($$"""{ "button": [ { "name": "我的", "sub_button": [ {{Unsubscribe}}, {{subs}} ] } ] }""");
        Assert.Contains("5", error.Message);
    }

    [Fact]
    public void A_broken_menu_file_stops_the_host_at_start_up()
    {
        var dir = Directory.CreateTempSubdirectory("wl-menu-").FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "config"))) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(dir, "menu.json"), """{ "button": [ {"type":"view","name":"活动","url":"{base}/h5/c/x"} ] }""");
        using var app = new WechatLeadsFactory(settings: new Dictionary<string, string?> { ["ConfigDirectory"] = dir });
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("取消订阅", error.ToString());
    }
}
