using Microsoft.Playwright;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Browser.Tests;

/// <summary>What a follower does on a campaign page before pressing the main button: number, 获取验证码, the code from their phone.</summary>
internal static class H5Form
{
    public static async Task ProvePhoneAsync(IPage page, WechatLeadsFactory app, string phone)
    {
        await page.FillAsync("#phone", phone);
        await page.ClickAsync("#send-code");
        await page.Locator("#code-sent").WaitForAsync();
        await page.FillAsync("#smsCode", app.LatestSmsCode(phone));
    }
}
