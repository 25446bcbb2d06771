using System.Net.Http;
using Flurl.Http.Testing;
using WechatLeads.Sms.Aliyun;

namespace WechatLeads.Sms.Tests.Aliyun;

public sealed class AliyunSmsClientTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 30, 5, TimeSpan.Zero);
    private static readonly AliyunCredentials Credentials = new("LTAItest", "aliyun-secret");

    private static AliyunSmsClient Client(string baseUrl = "https://dysmsapi.aliyuncs.com") =>
        new(new AliyunSmsClientOptions { BaseUrl = baseUrl, Timeout = TimeSpan.FromSeconds(3) }, new ManualClock(Now)) { NewNonce = () => "nonce-1" };

    private static AliyunSendSmsRequest Request() => new()
    {
        PhoneNumbers = ["13800138000"],
        SignName = "阿里云短信测试",
        TemplateCode = "SMS_154950909",
        TemplateParam = new Dictionary<string, string> { ["code"] = "1234" },
        OutId = "msg-42",
    };

    private static readonly object Ok = new { Code = "OK", Message = "OK", BizId = "9006197469364984^0", RequestId = "F655A8D5-B967-440B-8683-DAD6FF8DE990" };

    [Fact]
    public async Task SendSms_posts_the_parameters_in_the_query_with_an_empty_body_signed_with_acs3()
    {
        using var http = new HttpTest();
        http.RespondWithJson(Ok);
        await Client().SendSmsAsync(Credentials, Request());

        http.ShouldHaveCalled("https://dysmsapi.aliyuncs.com/*").WithVerb(HttpMethod.Post)
            .WithQueryParams(new
            {
                PhoneNumbers = "13800138000",
                SignName = "阿里云短信测试",
                TemplateCode = "SMS_154950909",
                TemplateParam = """{"code":"1234"}""",
                OutId = "msg-42"
            })
            .WithHeader("x-acs-action", "SendSms").WithHeader("x-acs-version", "2017-05-25").WithHeader("x-acs-date", "2026-12-02T09:30:05Z")
            .WithHeader("x-acs-signature-nonce", "nonce-1").WithHeader("x-acs-content-sha256", Acs3Signer.EmptyBodyHash)
            .Times(1);
        var call = http.CallLog[0];
        Assert.Null(call.HttpRequestMessage.Content);
        Assert.StartsWith("ACS3-HMAC-SHA256 " +
            "Credential=LTAItest,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=",
            call.Header("Authorization"), StringComparison.Ordinal);
        var verifier = new Acs3SignatureVerifier(id => id == "LTAItest" ? "aliyun-secret" : null, new ManualClock(Now));
        Assert.True(verifier.Verify(call.ToIncoming()).IsValid);
        Assert.Equal("SignatureDoesNotMatch", new Acs3SignatureVerifier(_ => "wrong", new ManualClock(Now)).Verify(call.ToIncoming()).ErrorCode);
    }

    [Fact]
    public async Task Each_call_has_a_fresh_nonce_by_default()
    {
        using var http = new HttpTest();
        http.RespondWithJson(Ok).RespondWithJson(Ok);
        var client = new AliyunSmsClient(new AliyunSmsClientOptions(), new ManualClock(Now));
        await client.SendSmsAsync(Credentials, Request());
        await client.SendSmsAsync(Credentials, Request());
        Assert.NotEqual(http.CallLog[0].Header("x-acs-signature-nonce"), http.CallLog[1].Header("x-acs-signature-nonce"));
    }

    [Fact]
    public async Task A_local_base_url_is_the_signed_host_and_sts_tokens_are_signed()
    {
        using var http = new HttpTest();
        http.RespondWithJson(Ok);
        await Client("http://127.0.0.1:5082").SendSmsAsync(Credentials with { SecurityToken = "sts" }, Request());
        var incoming = http.CallLog[0].ToIncoming();
        Assert.Equal("127.0.0.1:5082", incoming.Host);
        Assert.Contains("x-acs-security-token", incoming.Headers["Authorization"], StringComparison.Ordinal);
        Assert.True(new Acs3SignatureVerifier(_ => "aliyun-secret", new ManualClock(Now)).Verify(incoming).IsValid);
    }

    [Fact]
    public async Task An_OK_answer_returns_the_biz_id()
    {
        using var http = new HttpTest();
        http.RespondWithJson(Ok);
        var response = await Client().SendSmsAsync(Credentials, Request());
        Assert.Equal(("9006197469364984^0", "F655A8D5-B967-440B-8683-DAD6FF8DE990"), (response.BizId, response.RequestId));
    }

    [Theory]
    [InlineData(200, "isv.MOBILE_NUMBER_ILLEGAL", SmsFailureKind.Permanent)]
    [InlineData(200, "isv.BUSINESS_LIMIT_CONTROL", SmsFailureKind.RateLimited)]
    [InlineData(200, "isv.DAY_LIMIT_CONTROL", SmsFailureKind.Permanent)]
    [InlineData(200, "isp.SYSTEM_ERROR", SmsFailureKind.SentUnknown)]
    [InlineData(400, "SignatureDoesNotMatch", SmsFailureKind.Permanent)]
    [InlineData(400, "Throttling.User", SmsFailureKind.Retryable)]
    public async Task A_code_other_than_OK_throws_a_typed_exception_with_code_and_kind(int status, string code, SmsFailureKind kind)
    {
        using var http = new HttpTest();
        http.RespondWithJson(new { Code = code, Message = "触发分钟级流控Permits:1 for 13800138000", RequestId = "R" }, status);
        var e = await Assert.ThrowsAsync<AliyunSmsException>(() => Client().SendSmsAsync(Credentials, Request()));
        Assert.Equal((code, kind, "R"), (e.Code, e.Kind, e.RequestId));
        Assert.DoesNotContain("13800138000", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timeout_is_sent_unknown_because_SendSms_is_not_idempotent()
    {
        using var http = new HttpTest();
        http.SimulateTimeout();
        var e = await Assert.ThrowsAsync<AliyunSmsException>(() => Client().SendSmsAsync(Credentials, Request()));
        Assert.Equal((SmsErrorCodes.TransportTimeout, SmsFailureKind.SentUnknown), (e.Code, e.Kind));
        http.ShouldHaveMadeACall().Times(1);
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_is_retryable()
    {
        using var http = new HttpTest();
        http.SimulateException(new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"));
        Assert.Equal(SmsFailureKind.Retryable, (await Assert.ThrowsAsync<AliyunSmsException>(() => Client().SendSmsAsync(Credentials, Request()))).Kind);
    }

    [Theory]
    [InlineData(503, "Service Unavailable", SmsFailureKind.SentUnknown)]
    [InlineData(200, "not json", SmsFailureKind.SentUnknown)]
    [InlineData(200, "{}", SmsFailureKind.SentUnknown)]
    public async Task Answers_without_an_aliyun_code_are_classified(int status, string body, SmsFailureKind kind)
    {
        using var http = new HttpTest();
        http.RespondWith(body, status);
        Assert.Equal(kind, (await Assert.ThrowsAsync<AliyunSmsException>(() => Client().SendSmsAsync(Credentials, Request()))).Kind);
    }

    [Fact]
    public void Credentials_do_not_print_the_secret() =>
        Assert.DoesNotContain("aliyun-secret", Credentials.ToString(), StringComparison.Ordinal);
}
