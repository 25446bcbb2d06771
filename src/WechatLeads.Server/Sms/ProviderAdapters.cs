using Flurl.Http;
using Microsoft.Extensions.Options;
using WechatLeads.Sms;
using WechatLeads.Sms.Aliyun;
using WechatLeads.Sms.Tencent;

namespace WechatLeads.Server.Sms;

/// <summary>Tencent Cloud SMS: the template's values by position, our message id as SessionContext (echoed in the answer and the receipt's
/// <c>ext</c>).</summary>
internal sealed class TencentSmsSender(
    [FromKeyedServices(SmsSetup.HttpClientKey)] IFlurlClient http, IServiceScopeFactory scopes, IOptionsMonitor<SmsOptions> options, SmsHealth health,
    TimeProvider time, ILogger<TencentSmsSender> logger) : ProviderSmsSender(scopes, options, health, time, logger)
{
    protected override string Provider => SmsOptions.TencentName;

    protected override async Task<string> SendOnceAsync(SmsOptions o, SmsMessage message, SmsTemplate template, CancellationToken ct)
    {
        var t = o.Tencent;
        var client = new TencentSmsClient(t.ClientOptions(), Clock, http);
        var response = await client.SendSmsAsync(new TencentCredentials(t.SecretId, t.SecretKey), new TencentSendSmsRequest
        {
            PhoneNumberSet = [SmsPhoneNumbers.ToChinaE164(message.Phone)],
            SmsSdkAppId = t.SdkAppId,
            SignName = t.SignName,
            TemplateId = template.Id,
            TemplateParamSet = [.. OrderedParameters(message, template).Select(p => p.Value)],
            SessionContext = message.MessageId,
        }, ct);
        var status = response.SendStatusSet![0];
        if (!status.IsOk)
            throw new TencentSmsException(
                status.Code ?? SmsErrorCodes.BadAnswer,
                "per-number status",
                status.FailureKind ?? SmsFailureKind.Permanent,
                response.RequestId);
        return status.SerialNo ?? throw new TencentSmsException(SmsErrorCodes.BadAnswer, "no SerialNo", SmsFailureKind.SentUnknown, response.RequestId);
    }
}

/// <summary>Aliyun Dysmsapi: the template's values by name, our message id as OutId (echoed as the receipt's <c>out_id</c>).</summary>
internal sealed class AliyunSmsSender(
    [FromKeyedServices(SmsSetup.HttpClientKey)] IFlurlClient http, IServiceScopeFactory scopes, IOptionsMonitor<SmsOptions> options, SmsHealth health,
    TimeProvider time, ILogger<AliyunSmsSender> logger) : ProviderSmsSender(scopes, options, health, time, logger)
{
    protected override string Provider => SmsOptions.AliyunName;

    protected override async Task<string> SendOnceAsync(SmsOptions o, SmsMessage message, SmsTemplate template, CancellationToken ct)
    {
        var a = o.Aliyun;
        var client = new AliyunSmsClient(a.ClientOptions(), Clock, http);
        var parameters = OrderedParameters(message, template);
        var response = await client.SendSmsAsync(new AliyunCredentials(a.AccessKeyId, a.AccessKeySecret), new AliyunSendSmsRequest
        {
            PhoneNumbers = [SmsPhoneNumbers.ToChinaE164(message.Phone)[3..]],
            SignName = a.SignName,
            TemplateCode = template.Id,
            TemplateParam = parameters.Count == 0 ? null : parameters.ToDictionary(p => p.Key, p => p.Value),
            OutId = message.MessageId,
        }, ct);
        return response.BizId ?? throw new AliyunSmsException(SmsErrorCodes.BadAnswer, "no BizId", SmsFailureKind.SentUnknown, response.RequestId);
    }
}
