using WechatLeads.Wechat.Api;

namespace WechatLeads.Wechat.Tests.Api;

public sealed class MenuValidatorTests
{
    private static MenuButton Click(string name, string key = "K") => new() { Type = "click", Name = name, Key = key };

    [Fact]
    public void A_valid_menu_has_no_problems() =>
        Assert.Empty(MenuValidator.Validate(new CgibinMenuCreateRequest
        {
            Buttons = [Click("活动"), new MenuButton { Name = "我的", SubButtons = [Click("取消订阅", "UNSUBSCRIBE")] }],
        }));

    [Fact]
    public void A_top_level_name_over_16_bytes_is_named()
    {
        var problems = MenuValidator.Validate(new CgibinMenuCreateRequest { Buttons = [Click("五个汉字呀呀")] });
        Assert.Contains(problems, p => p.Contains("五个汉字呀呀") && p.Contains("16"));
    }

    [Fact]
    public void A_sub_button_name_may_be_60_bytes_but_not_61()
    {
        Assert.Empty(MenuValidator.Validate(Menu(new MenuButton { Name = "我的", SubButtons = [Click(new string('a', 60))] })));
        Assert.NotEmpty(MenuValidator.Validate(Menu(new MenuButton { Name = "我的", SubButtons = [Click(new string('a', 61))] })));
    }

    [Fact]
    public void Required_fields_per_type_are_checked()
    {
        var problems = MenuValidator.Validate(new CgibinMenuCreateRequest
        {
            Buttons = [
                new MenuButton { Type = "click", Name = "无键" },
                new MenuButton { Type = "miniprogram", Name = "小程序", Url = "https://x.example" },
                new MenuButton { Type = "bogus", Name = "怪" }],
        });
        Assert.Contains(problems, p => p.Contains("无键") && p.Contains("key"));
        Assert.Contains(problems, p => p.Contains("小程序") && p.Contains("appid"));
        Assert.Contains(problems, p => p.Contains("bogus"));
    }

    [Fact]
    public void No_buttons_is_a_problem() => Assert.NotEmpty(MenuValidator.Validate(new CgibinMenuCreateRequest()));

    private static CgibinMenuCreateRequest Menu(params MenuButton[] buttons) => new() { Buttons = buttons };

    private static MenuButton Parent(string name, params MenuButton[] subs) => new() { Name = name, SubButtons = subs };

    [Fact]
    public void Four_top_level_buttons_are_too_many() =>
        Assert.Contains(MenuValidator.Validate(Menu(Click("a"), Click("b"), Click("c"), Click("d"))), p => p.Contains("4 top-level"));

    [Fact]
    public void Five_sub_buttons_are_allowed_but_not_six()
    {
        Assert.Empty(MenuValidator.Validate(Menu(Parent("p", Click("1"), Click("2"), Click("3"), Click("4"), Click("5")))));
        Assert.Contains(MenuValidator.Validate(Menu(Parent("p", Click("1"), Click("2"), Click("3"), Click("4"), Click("5"), Click("6")))),
            p => p.StartsWith("button[0] \"p\"", StringComparison.Ordinal) && p.Contains("6 sub-buttons"));
    }

    [Fact]
    public void A_16_byte_top_level_name_is_allowed() => Assert.Empty(MenuValidator.Validate(Menu(Click("五个汉字呀a"))));

    [Fact]
    public void A_key_over_128_bytes_is_named_by_its_path_and_name()
    {
        var menu = Menu(Click("a"), Parent("我的", Click("x"), Click("y"), Click("取消订阅", new string('k', 140))));
        Assert.Equal(
            ["button[1].sub_button[2] \"取消订阅\": key is 140 bytes; WeChat allows at most 128"],
            MenuValidator.Validate(menu).Select(p => p.TrimEnd('.')));
        Assert.Empty(MenuValidator.Validate(Menu(Click("a", new string('k', 128)))));
    }

    [Theory]
    [InlineData("scancode_push")]
    [InlineData("scancode_waitmsg")]
    [InlineData("pic_sysphoto")]
    [InlineData("pic_photo_or_album")]
    [InlineData("pic_weixin")]
    [InlineData("location_select")]
    public void Every_key_type_needs_a_key(string type) =>
        Assert.Contains(MenuValidator.Validate(Menu(new MenuButton { Type = type, Name = "n" })), p => p.Contains("needs a key"));

    [Fact]
    public void A_view_button_needs_a_url_of_at_most_1024_bytes()
    {
        Assert.Contains(MenuValidator.Validate(Menu(new MenuButton { Type = "view", Name = "v" })), p => p.Contains("needs a url"));
        var longUrl = "https://x.example/" + new string('a', 1024 - 18);
        Assert.Empty(MenuValidator.Validate(Menu(new MenuButton { Type = "view", Name = "v", Url = longUrl })));
        Assert.Contains(MenuValidator.Validate(Menu(new MenuButton { Type = "view", Name = "v", Url = longUrl + "a" })), p => p.Contains("1024"));
    }

    [Fact]
    public void A_miniprogram_button_needs_url_appid_and_pagepath()
    {
        var complete = new MenuButton { Type = "miniprogram", Name = "m", Url = "https://x.example", AppId = "wx1", PagePath = "pages/index" };
        Assert.Empty(MenuValidator.Validate(Menu(complete)));
        Assert.Contains(
            MenuValidator.Validate(Menu(new MenuButton { Type = "miniprogram", Name = "m", AppId = "wx1", PagePath = "p" })),
            p => p.Contains("url"));
    }

    [Fact]
    public void Media_and_article_buttons_need_their_ids()
    {
        var problems = MenuValidator.Validate(Menu(
            new MenuButton { Type = "media_id", Name = "m" },
            new MenuButton { Type = "article_id", Name = "a" },
            new MenuButton { Type = "article_view_limited", Name = "l" }));
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("media_id"));
        Assert.Equal(2, problems.Count(p => p.Contains("article_id")));
    }

    [Fact]
    public void A_button_with_sub_buttons_has_no_type()
    {
        var parent = Parent("p", Click("c"));
        parent.Type = "click";
        Assert.Contains(MenuValidator.Validate(Menu(parent)), p => p.Contains("must not have a type"));
    }

    [Fact]
    public void A_missing_type_and_a_missing_name_are_problems()
    {
        Assert.Contains(MenuValidator.Validate(Menu(new MenuButton { Name = "t", Key = "k" })), p => p.Contains("not a WeChat button type"));
        Assert.Contains(MenuValidator.Validate(Menu(new MenuButton { Type = "click", Key = "k" })), p => p.Contains("name is required"));
    }

    [Fact]
    public void A_hand_edited_file_with_nulls_is_reported_not_crashed_on()
    {
        var fromJson = System.Text.Json.JsonSerializer.Deserialize<CgibinMenuCreateRequest>("""{"button":null}""", WechatJson.Options)!;
        Assert.NotEmpty(MenuValidator.Validate(fromJson));
        var withNull = System.Text.Json.JsonSerializer.Deserialize<CgibinMenuCreateRequest>(
            """{"button":[null,{"name":"p","sub_button":[null]}]}""",
            WechatJson.Options)!;
        var problems = MenuValidator.Validate(withNull);
        Assert.Contains("button[0]: is null.", problems);
        Assert.Contains("button[1].sub_button[0]: is null.", problems);
    }
}
