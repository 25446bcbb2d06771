using WechatLeads.Sms.Aliyun;
using WechatLeads.Sms.Tencent;

namespace WechatLeads.Sms.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(new TencentSmsClientOptions().Validate("Sms:Tencent"));
        Assert.Empty(new AliyunSmsClientOptions().Validate("Sms:Aliyun"));
        Assert.Empty(new TencentSmsClientOptions { BaseUrl = "http://127.0.0.1:5081" }.Validate("Sms:Tencent"));
    }

    [Fact]
    public void Each_problem_names_its_key()
    {
        var tencent = new TencentSmsClientOptions { BaseUrl = "sms.tencentcloudapi.com", Region = " ", Timeout = TimeSpan.Zero }.Validate("Sms:Tencent");
        Assert.Equal(["Sms:Tencent:BaseUrl", "Sms:Tencent:Region", "Sms:Tencent:Timeout"], tencent.Select(m => m.Split(' ')[0]));
        var aliyun = new AliyunSmsClientOptions { BaseUrl = "https://dysmsapi.aliyuncs.com/x?y=1", Timeout = TimeSpan.FromHours(1) }.Validate("Sms:Aliyun");
        Assert.Equal(["Sms:Aliyun:BaseUrl", "Sms:Aliyun:Timeout"], aliyun.Select(m => m.Split(' ')[0]));
    }
}
