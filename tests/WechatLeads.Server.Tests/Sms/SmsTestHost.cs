using System.Net;
using Flurl.Http;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Sms;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Sms.Testing;

namespace WechatLeads.Server.Tests.Sms;

/// <summary>The host configured for a real provider, whose SMS calls go to an in-process fake that checks every signature.</summary>
internal static class SmsTestHost
{
    public const string Token = "cb-token-0123456789abcdef0123456789abcdef";
    public const string TencentSecretId = "AKIDtestsecretid0123456789";
    public const string TencentSecretKey = "tencent-secret-key-0123456789";
    public const string AliyunKeyId = "LTAItestkeyid0123";
    public const string AliyunKeySecret = "aliyun-key-secret-0123456789";

    public static Dictionary<string, string?> Tencent(string secretKey = TencentSecretKey) => new()
    {
        ["Sms:Provider"] = "Tencent",
        ["Sms:CallbackToken"] = Token,
        ["Sms:Tencent:SecretId"] = TencentSecretId,
        ["Sms:Tencent:SecretKey"] = secretKey,
        ["Sms:Tencent:SdkAppId"] = "1400000001",
        ["Sms:Tencent:SignName"] = "示例咖啡",
        ["Sms:Templates:Verification:Id"] = "100001",
        ["Sms:Templates:Verification:Params:0"] = "code",
        ["Sms:Templates:Verification:Params:1"] = "minutes",
        ["Sms:Templates:Marketing:Id"] = "100003",
        ["Sms:Templates:OptOutConfirmation:Id"] = "100004",
    };

    public static Dictionary<string, string?> Aliyun(bool enterprise = true) => new()
    {
        ["Sms:Provider"] = "Aliyun",
        ["Sms:CallbackToken"] = Token,
        ["Sms:Aliyun:AccessKeyId"] = AliyunKeyId,
        ["Sms:Aliyun:AccessKeySecret"] = AliyunKeySecret,
        ["Sms:Aliyun:SignName"] = "示例咖啡",
        ["Sms:Aliyun:EnterpriseVerified"] = enterprise ? "true" : "false",
        ["Sms:Templates:Verification:Id"] = "SMS_100001",
        ["Sms:Templates:Marketing:Id"] = "SMS_100003",
        ["Sms:Templates:OptOutConfirmation:Id"] = "SMS_100004",
    };

    public static FakeTencentSms TencentFake(TimeProvider time) => new(new Dictionary<string, string> { [TencentSecretId] = TencentSecretKey }, time);

    public static FakeAliyunSms AliyunFake(TimeProvider time) => new(new Dictionary<string, string> { [AliyunKeyId] = AliyunKeySecret }, time);

    /// <summary>A host whose SMS client goes through <paramref name="handler"/> (a fake, or a fault wrapped around one).</summary>
    public static WechatLeadsFactory Start(TimeProvider time, IDictionary<string, string?> settings, HttpMessageHandler handler)
    {
        var app = new WechatLeadsFactory(time: time, settings: settings,
            services: s => s.AddKeyedSingleton<IFlurlClient>(
                SmsSetup.HttpClientKey,
                (_, _) => new FlurlClient(new HttpClient(handler, disposeHandler: false))));
        app.CreateClient();
        return app;
    }
}

/// <summary>Tests that start hosts on a real provider's fake, all on one adjustable clock, each host disposed after the test.</summary>
public abstract class ProviderHostTests(DateTimeOffset start) : IAsyncLifetime
{
    private readonly List<WechatLeadsFactory> _apps = [];

    protected AdjustableClock Clock { get; } = new(start);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in _apps) await app.DisposeAsync();
    }

    private protected WechatLeadsFactory Start(IDictionary<string, string?> settings, HttpMessageHandler handler)
    {
        var app = SmsTestHost.Start(Clock, settings, handler);
        _apps.Add(app);
        return app;
    }
}

/// <summary>
/// The provider takes the request (the fake verifies and records it) but the answer is lost: a gateway 502 —
/// the case where the SMS may well be on its way. <see cref="Calls"/> counts what reached the provider.
/// </summary>
internal sealed class LostAnswer(HttpMessageHandler provider) : DelegatingHandler(provider)
{
    private int _calls;
    public int Calls => _calls;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        using var _ = await base.SendAsync(request, cancellationToken);
        return new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>502 Bad Gateway</html>") };
    }
}
