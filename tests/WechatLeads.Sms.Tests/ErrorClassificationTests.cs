using WechatLeads.Sms.Aliyun;
using WechatLeads.Sms.Tencent;

namespace WechatLeads.Sms.Tests;

/// <summary>The resend policy per code: only provider-internal failures are "maybe sent".</summary>
public sealed class ErrorClassificationTests
{
    [Theory]
    [InlineData("RequestLimitExceeded", SmsFailureKind.Retryable)]
    [InlineData("RequestLimitExceeded.IPLimitExceeded", SmsFailureKind.Retryable)]
    [InlineData("AuthFailure.SignatureExpire", SmsFailureKind.Retryable)]
    [InlineData("InternalError.RequestTimeException", SmsFailureKind.Retryable)]
    [InlineData("InternalError.Timeout", SmsFailureKind.SentUnknown)]
    [InlineData("InternalError.SendAndRecvFail", SmsFailureKind.SentUnknown)]
    [InlineData("InternalError", SmsFailureKind.SentUnknown)]
    [InlineData("LimitExceeded.PhoneNumberThirtySecondLimit", SmsFailureKind.RateLimited)]
    [InlineData("LimitExceeded.AppDailyLimit", SmsFailureKind.RateLimited)]
    [InlineData("LimitExceeded.PhoneNumberCountLimit", SmsFailureKind.Permanent)]
    [InlineData("FailedOperation.TemplateIncorrectOrUnapproved", SmsFailureKind.Permanent)]
    [InlineData("UnauthorizedOperation.SmsSdkAppIdVerifyFail", SmsFailureKind.Permanent)]
    [InlineData("Something.New", SmsFailureKind.Permanent)]
    public void Tencent_codes(string code, SmsFailureKind kind) => Assert.Equal(kind, TencentSmsErrors.Classify(code));

    [Theory]
    [InlineData("Throttling.User", SmsFailureKind.Retryable)]
    [InlineData("InvalidTimeStamp.Expired", SmsFailureKind.Retryable)]
    [InlineData("SignatureNonceUsed", SmsFailureKind.Retryable)]
    [InlineData("isp.SYSTEM_ERROR", SmsFailureKind.SentUnknown)]
    [InlineData("ServiceUnavailable", SmsFailureKind.SentUnknown)]
    [InlineData("isv.BUSINESS_LIMIT_CONTROL", SmsFailureKind.RateLimited)]
    [InlineData("isv.MONTH_LIMIT_CONTROL", SmsFailureKind.Permanent)]
    [InlineData("isv.AMOUNT_NOT_ENOUGH", SmsFailureKind.Permanent)]
    [InlineData("isv.SMS_TEMPLATE_ILLEGAL", SmsFailureKind.Permanent)]
    [InlineData("SignatureDoesNotMatch", SmsFailureKind.Permanent)]
    public void Aliyun_codes(string code, SmsFailureKind kind) => Assert.Equal(kind, AliyunSmsErrors.Classify(code));
}
