using WechatLeads.Wechat.Api;

namespace WechatLeads.Wechat.Tests.Api;

public sealed class MenuValidatorTests
{
    private static MenuButton Click(string name, string key = "K") => new() { Type = "click", Name = name, Key = key };

    [Fact]
    public void A_valid_menu_has_no_problems() =>
        Assert.Empty(MenuValidator.Validate(new CgibinMenuCreateRequest { Buttons = [Click("活动"), new MenuButton { Name = "我的", SubButtons = [Click("取消订阅", "UNSUBSCRIBE")] }] }));

    [Fact]
    public void A_top_level_name_over_16_bytes_is_named()
    {
        var problems = MenuValidator.Validate(new CgibinMenuCreateRequest { Buttons = [Click("五个汉字呀呀")] });
        Assert.Contains(problems, p => p.Contains("五个汉字呀呀") && p.Contains("16"));
    }

    [Fact]
    public void A_sub_button_name_may_be_60_bytes_but_not_61()
    {
        Assert.Empty(MenuValidator.Validate(new CgibinMenuCreateRequest { Buttons = [new MenuButton { Name = "我的", SubButtons = [Click(new string('a', 60))] }] }));
        Assert.NotEmpty(MenuValidator.Validate(new CgibinMenuCreateRequest { Buttons = [new MenuButton { Name = "我的", SubButtons = [Click(new string('a', 61))] }] }));
    }

    [Fact]
    public void Required_fields_per_type_are_checked()
    {
        var problems = MenuValidator.Validate(new CgibinMenuCreateRequest
        {
            Buttons = [new MenuButton { Type = "click", Name = "无键" }, new MenuButton { Type = "miniprogram", Name = "小程序", Url = "https://x.example" }, new MenuButton { Type = "bogus", Name = "怪" }],
        });
        Assert.Contains(problems, p => p.Contains("无键") && p.Contains("key"));
        Assert.Contains(problems, p => p.Contains("小程序") && p.Contains("appid"));
        Assert.Contains(problems, p => p.Contains("bogus"));
    }

    [Fact]
    public void No_buttons_is_a_problem() => Assert.NotEmpty(MenuValidator.Validate(new CgibinMenuCreateRequest()));
}
