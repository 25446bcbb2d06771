using System.Net.Http;
using Flurl.Http;
using WechatLeads.Sms.Aliyun;
using WechatLeads.Sms.Tencent;

namespace WechatLeads.Sms.Tests;

/// <summary>A send the caller cancels is an OperationCanceledException (whatever Flurl wraps it in), not a provider error.</summary>
public sealed class CancellationTests
{
    private sealed class HangingHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    private static IFlurlClient Hanging() => new FlurlClient(new HttpClient(new HangingHandler()));

    [Fact]
    public async Task A_cancelled_tencent_send_throws_operation_cancelled()
    {
        var client = new TencentSmsClient(new TencentSmsClientOptions(), TimeProvider.System, Hanging());
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendSmsAsync(new TencentCredentials("id", "key"),
            new TencentSendSmsRequest { PhoneNumberSet = ["+8613800138000"], SmsSdkAppId = "1", TemplateId = "1" }, cts.Token));
        Assert.Equal(cts.Token, e.CancellationToken);
    }

    [Fact]
    public async Task A_cancelled_aliyun_send_throws_operation_cancelled()
    {
        var client = new AliyunSmsClient(new AliyunSmsClientOptions(), TimeProvider.System, Hanging());
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendSmsAsync(new AliyunCredentials("id", "secret"),
            new AliyunSendSmsRequest { PhoneNumbers = ["13800138000"], SignName = "s", TemplateCode = "t" }, cts.Token));
        Assert.Equal(cts.Token, e.CancellationToken);
    }

    [Fact]
    public async Task Our_own_timeout_is_sent_unknown_not_a_cancellation()
    {
        var client = new AliyunSmsClient(new AliyunSmsClientOptions { Timeout = TimeSpan.FromMilliseconds(50) }, TimeProvider.System, Hanging());
        var e = await Assert.ThrowsAsync<AliyunSmsException>(() => client.SendSmsAsync(new AliyunCredentials("id", "secret"),
            new AliyunSendSmsRequest { PhoneNumbers = ["13800138000"], SignName = "s", TemplateCode = "t" }));
        Assert.Equal((SmsErrorCodes.TransportTimeout, SmsFailureKind.SentUnknown), (e.Code, e.Kind));
    }
}
