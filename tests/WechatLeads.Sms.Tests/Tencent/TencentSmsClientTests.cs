using System.Net;
using System.Net.Http;
using Flurl.Http.Testing;
using WechatLeads.Sms.Tencent;

namespace WechatLeads.Sms.Tests.Tencent;

public sealed class TencentSmsClientTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 1, 30, 0, TimeSpan.Zero); // 09:30 in Beijing, still 12-02 in UTC
    private static readonly TencentCredentials Credentials = new("AKIDtest", "tencent-secret-key");

    private static TencentSmsClient Client(string baseUrl = "https://sms.tencentcloudapi.com") =>
        new(new TencentSmsClientOptions { BaseUrl = baseUrl, Region = "ap-guangzhou", Timeout = TimeSpan.FromSeconds(3) }, new ManualClock(Now));

    private static TencentSendSmsRequest Request(string sessionContext = "msg-42") => new()
    {
        PhoneNumberSet = [SmsPhoneNumbers.ToChinaE164("13800138000")],
        SmsSdkAppId = "1400006666",
        SignName = "腾讯云",
        TemplateId = "1234",
        TemplateParamSet = ["12345"],
        SessionContext = sessionContext,
    };

    private static object Ok(string code = "Ok") => new
    {
        Response = new
        {
            SendStatusSet = new[] { new {
                SerialNo = "2019:-1",
                PhoneNumber = "+8613800138000",
                Fee = 1,
                SessionContext = "msg-42",
                Code = code,
                Message = "send success",
                IsoCode = "CN" } },
            RequestId = "req-1",
        },
    };

    [Fact]
    public async Task SendSms_posts_the_documented_body_and_headers_signed_with_tc3()
    {
        using var http = new HttpTest();
        http.RespondWithJson(Ok());
        await Client().SendSmsAsync(Credentials, Request());

        http.ShouldHaveCalled("https://sms.tencentcloudapi.com/").WithVerb(HttpMethod.Post)
            .WithHeader("X-TC-Action", "SendSms").WithHeader("X-TC-Version", "2021-01-11").WithHeader("X-TC-Region", "ap-guangzhou")
            .WithHeader("X-TC-Timestamp", Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithRequestBody("""{"PhoneNumberSet":["+8613800138000"],"SmsSdkAppId":"1400006666","SignName":"腾讯云","TemplateId":"12""" +
                """34","TemplateParamSet":["12345"],"SessionContext":"msg-42"}""")
            .Times(1);
        var call = http.CallLog[0];
        Assert.Equal("application/json; charset=utf-8", call.Header("Content-Type")); // exactly the signed string
        Assert.StartsWith(
            "TC3-HMAC-SHA256 Credential=AKIDtest/2026-12-02/sms/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=",
            call.Header("Authorization"),
            StringComparison.Ordinal);
        var verifier = new TencentSignatureVerifier(id => id == "AKIDtest" ? "tencent-secret-key" : null, new ManualClock(Now));
        Assert.True(verifier.Verify(call.ToIncoming()).IsValid);
        Assert.False(call.ToIncoming().Headers.ContainsKey("X-TC-Token"));
    }

    [Fact]
    public async Task The_signed_host_follows_the_configured_base_url_so_a_local_fake_verifies()
    {
        using var http = new HttpTest();
        http.RespondWithJson(Ok());
        await Client("http://127.0.0.1:5081").SendSmsAsync(Credentials with { Token = "sts-token" }, Request());
        var incoming = http.CallLog[0].ToIncoming();
        Assert.Equal("127.0.0.1:5081", incoming.Host);
        Assert.Equal("sts-token", incoming.Headers["X-TC-Token"]);
        var verifier = new TencentSignatureVerifier(_ => "tencent-secret-key", new ManualClock(Now));
        Assert.True(verifier.Verify(incoming).IsValid);
        Assert.False(verifier.Verify(incoming with { Host = "sms.tencentcloudapi.com" }).IsValid);
    }

    [Fact]
    public async Task A_successful_answer_gives_each_numbers_status_and_serial()
    {
        using var http = new HttpTest();
        http.RespondWithJson(Ok());
        var response = await Client().SendSmsAsync(Credentials, Request());
        var status = Assert.Single(response.SendStatusSet!);
        Assert.Equal(("2019:-1", "msg-42", true, "req-1"), (status.SerialNo, status.SessionContext, status.IsOk, response.RequestId));
        Assert.Null(status.FailureKind);
    }

    [Fact]
    public async Task A_per_number_error_code_is_returned_with_its_kind_not_thrown()
    {
        using var http = new HttpTest();
        http.RespondWithJson(Ok("LimitExceeded.PhoneNumberDailyLimit"));
        var status = Assert.Single((await Client().SendSmsAsync(Credentials, Request())).SendStatusSet!);
        Assert.False(status.IsOk);
        Assert.Equal(SmsFailureKind.RateLimited, status.FailureKind);
    }

    [Fact]
    public async Task Response_Error_on_http_200_throws_a_typed_exception_with_the_code_and_without_the_number()
    {
        using var http = new HttpTest();
        http.RespondWithJson(new
        {
            Response = new
            {
                Error = new { Code = "InvalidParameterValue.IncorrectPhoneNumber", Message = "bad number +8613800138000 (13800138000) for AKIDtest" },
                RequestId = "req-2"
            }
        });
        var e = await Assert.ThrowsAsync<TencentSmsException>(() => Client().SendSmsAsync(Credentials, Request()));
        Assert.Equal(("InvalidParameterValue.IncorrectPhoneNumber", SmsFailureKind.Permanent, "req-2"), (e.Code, e.Kind, e.RequestId));
        Assert.DoesNotContain("13800138000", e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("AKIDtest", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AuthFailure.SignatureFailure", SmsFailureKind.Permanent)]
    [InlineData("RequestLimitExceeded", SmsFailureKind.Retryable)]
    [InlineData("InternalError.Timeout", SmsFailureKind.SentUnknown)]
    public async Task Whole_call_errors_are_classified(string code, SmsFailureKind kind)
    {
        using var http = new HttpTest();
        http.RespondWithJson(new { Response = new { Error = new { Code = code, Message = "m" }, RequestId = "r" } });
        Assert.Equal(kind, (await Assert.ThrowsAsync<TencentSmsException>(() => Client().SendSmsAsync(Credentials, Request()))).Kind);
    }

    [Fact]
    public async Task A_timeout_is_reported_as_sent_unknown_and_the_call_is_not_repeated()
    {
        using var http = new HttpTest();
        http.SimulateTimeout();
        var e = await Assert.ThrowsAsync<TencentSmsException>(() => Client().SendSmsAsync(Credentials, Request()));
        Assert.Equal((SmsErrorCodes.TransportTimeout, SmsFailureKind.SentUnknown, true), (e.Code, e.Kind, e.MayHaveBeenSent));
        http.ShouldHaveMadeACall().Times(1);
    }

    [Fact]
    public async Task A_refused_connection_is_retryable_because_nothing_was_sent()
    {
        using var http = new HttpTest();
        http.SimulateException(new HttpRequestException(HttpRequestError.ConnectionError, "refused"));
        var e = await Assert.ThrowsAsync<TencentSmsException>(() => Client().SendSmsAsync(Credentials, Request()));
        Assert.Equal((SmsErrorCodes.TransportUnreachable, SmsFailureKind.Retryable), (e.Code, e.Kind));
    }

    [Fact]
    public async Task A_connection_lost_after_sending_is_sent_unknown()
    {
        using var http = new HttpTest();
        http.SimulateException(new HttpRequestException(HttpRequestError.ResponseEnded, "ended"));
        Assert.Equal(SmsFailureKind.SentUnknown, (await Assert.ThrowsAsync<TencentSmsException>(() => Client().SendSmsAsync(Credentials, Request()))).Kind);
    }

    [Theory]
    [InlineData(502, "<html>Bad Gateway</html>", "http.502", SmsFailureKind.SentUnknown)]
    [InlineData(429, "", "http.429", SmsFailureKind.Retryable)]
    [InlineData(200, "<html>not json</html>", SmsErrorCodes.BadAnswer, SmsFailureKind.SentUnknown)]
    [InlineData(200, "{\"Response\":{\"RequestId\":\"r\"}}", SmsErrorCodes.BadAnswer, SmsFailureKind.SentUnknown)]
    public async Task Answers_that_are_not_tencents_json_are_classified_by_status(int status, string body, string code, SmsFailureKind kind)
    {
        using var http = new HttpTest();
        http.RespondWith(body, status);
        var e = await Assert.ThrowsAsync<TencentSmsException>(() => Client().SendSmsAsync(Credentials, Request()));
        Assert.Equal((code, kind), (e.Code, e.Kind));
    }

    [Fact]
    public async Task Requests_beyond_the_documented_limits_are_refused_before_sending()
    {
        using var http = new HttpTest();
        await Assert.ThrowsAsync<ArgumentException>(() => Client().SendSmsAsync(Credentials, Request(new string('x', 512))));
        await Assert.ThrowsAsync<ArgumentException>(() => Client().SendSmsAsync(Credentials, Request() with { PhoneNumberSet = [] }));
        http.ShouldNotHaveMadeACall();
    }

    [Fact]
    public void Credentials_do_not_print_the_secret_key() =>
        Assert.DoesNotContain("tencent-secret-key", Credentials.ToString(), StringComparison.Ordinal);

    [Theory]
    [InlineData("13800138000")]
    [InlineData("+8613800138000")]
    [InlineData("8613800138000")]
    [InlineData("008613800138000")]
    public void Mainland_numbers_become_e164(string number) => Assert.Equal("+8613800138000", SmsPhoneNumbers.ToChinaE164(number));

    [Theory]
    [InlineData("1380013800")]
    [InlineData("23800138000")]
    [InlineData("+1 415 555 0100")]
    public void Other_numbers_are_refused(string number) => Assert.Throws<ArgumentException>(() => SmsPhoneNumbers.ToChinaE164(number));
}
