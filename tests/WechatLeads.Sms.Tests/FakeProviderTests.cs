using WechatLeads.Sms.Aliyun;
using WechatLeads.Sms.Tencent;
using WechatLeads.Sms.Testing;

namespace WechatLeads.Sms.Tests;

/// <summary>The real clients against the in-process fakes other projects' tests can use.</summary>
public sealed class FakeProviderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 30, 0, TimeSpan.Zero);

    private static TencentSendSmsRequest TencentRequest() => new()
    {
        PhoneNumberSet = ["+8613800138000", "+8613900139000"],
        SmsSdkAppId = "1400006666",
        SignName = "测试",
        TemplateId = "1",
        SessionContext = "msg-7",
    };

    [Fact]
    public async Task The_tencent_fake_accepts_a_correctly_signed_send_and_records_it()
    {
        using var fake = new FakeTencentSms(new Dictionary<string, string> { ["AKID1"] = "k1" }, new ManualClock(Now));
        var client = new TencentSmsClient(new TencentSmsClientOptions { BaseUrl = "https://sms.fake.test" }, new ManualClock(Now), fake.CreateFlurlClient());
        var response = await client.SendSmsAsync(new TencentCredentials("AKID1", "k1"), TencentRequest());
        Assert.All(response.SendStatusSet!, s => Assert.True(s.IsOk));
        Assert.Equal(new[] { "fake-sid-1", "fake-sid-2" }, response.SendStatusSet!.Select(s => s.SerialNo));
        Assert.Equal("msg-7", Assert.Single(fake.Sent).SessionContext);
    }

    [Fact]
    public async Task The_tencent_fake_refuses_a_wrong_secret_as_tencent_does()
    {
        using var fake = new FakeTencentSms(new Dictionary<string, string> { ["AKID1"] = "k1" }, new ManualClock(Now));
        var client = new TencentSmsClient(new TencentSmsClientOptions { BaseUrl = "https://sms.fake.test" }, new ManualClock(Now), fake.CreateFlurlClient());
        var e = await Assert.ThrowsAsync<TencentSmsException>(() => client.SendSmsAsync(new TencentCredentials("AKID1", "not-k1"), TencentRequest()));
        Assert.Equal((TencentSmsErrors.SignatureFailure, SmsFailureKind.Permanent), (e.Code, e.Kind));
        Assert.Empty(fake.Sent);
        Assert.Single(fake.Received);
    }

    [Fact]
    public async Task The_tencent_fake_answers_per_number_codes()
    {
        using var fake = new FakeTencentSms(new Dictionary<string, string> { ["AKID1"] = "k1" }, new ManualClock(Now))
        {
            StatusCodeFor = p => p.EndsWith("9000", StringComparison.Ordinal) ? "FailedOperation.PhoneNumberInBlacklist" : "Ok",
        };
        var client = new TencentSmsClient(new TencentSmsClientOptions { BaseUrl = "https://sms.fake.test" }, new ManualClock(Now), fake.CreateFlurlClient());
        var response = await client.SendSmsAsync(new TencentCredentials("AKID1", "k1"), TencentRequest());
        Assert.Equal(new SmsFailureKind?[] { null, SmsFailureKind.Permanent }, response.SendStatusSet!.Select(s => s.FailureKind));
    }

    [Fact]
    public async Task The_aliyun_fake_accepts_a_correctly_signed_send_and_refuses_a_wrong_secret()
    {
        using var fake = new FakeAliyunSms(new Dictionary<string, string> { ["LTAI1"] = "s1" }, new ManualClock(Now));
        var client = new AliyunSmsClient(new AliyunSmsClientOptions { BaseUrl = "https://dysmsapi.fake.test" }, new ManualClock(Now), fake.CreateFlurlClient());
        var request = new AliyunSendSmsRequest
        {
            PhoneNumbers = ["13800138000"],
            SignName = "阿里云",
            TemplateCode = "SMS_1",
            TemplateParam = new Dictionary<string, string> { ["name"] = "张 三*~" },
            OutId = "msg-8",
        };

        var ok = await client.SendSmsAsync(new AliyunCredentials("LTAI1", "s1"), request);
        Assert.Equal("fake-biz-1", ok.BizId);
        Assert.Equal(new FakeAliyunSend("13800138000", "阿里云", "SMS_1", """{"name":"张 三*~"}""", "msg-8", "fake-biz-1"), Assert.Single(fake.Sent));

        var e = await Assert.ThrowsAsync<AliyunSmsException>(() => client.SendSmsAsync(new AliyunCredentials("LTAI1", "s2"), request));
        Assert.Equal(("SignatureDoesNotMatch", SmsFailureKind.Permanent), (e.Code, e.Kind));
        Assert.Single(fake.Sent);
    }

    [Fact]
    public async Task The_aliyun_fake_answers_business_errors_on_http_200()
    {
        using var fake = new FakeAliyunSms(
            new Dictionary<string, string> { ["LTAI1"] = "s1" },
            new ManualClock(Now))
        { ErrorCode = "isv.BUSINESS_LIMIT_CONTROL" };
        var client = new AliyunSmsClient(new AliyunSmsClientOptions { BaseUrl = "https://dysmsapi.fake.test" }, new ManualClock(Now), fake.CreateFlurlClient());
        var e = await Assert.ThrowsAsync<AliyunSmsException>(() => client.SendSmsAsync(new AliyunCredentials("LTAI1", "s1"),
            new AliyunSendSmsRequest { PhoneNumbers = ["13800138000"], SignName = "阿里云", TemplateCode = "SMS_1" }));
        Assert.Equal(SmsFailureKind.RateLimited, e.Kind);
    }
}
