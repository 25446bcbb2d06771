using System.Net;
using System.Text.Json;
using WechatLeads.Sms.Aliyun;

namespace WechatLeads.Sms.Testing;

/// <summary>A SendSms call the fake accepted, as decoded query parameters.</summary>
public sealed record FakeAliyunSend(string PhoneNumbers, string SignName, string TemplateCode, string? TemplateParam, string? OutId, string BizId);

/// <summary>
/// A fake Aliyun Dysmsapi endpoint: verifies ACS3 signatures with <see cref="Acs3SignatureVerifier"/> (nonce
/// reuse included) and answers like Aliyun (signature errors as HTTP 400 with Code/Message; business errors as
/// HTTP 200 with a non-OK Code). Accepted sends are recorded in <see cref="Sent"/>.
/// </summary>
public sealed class FakeAliyunSms(IReadOnlyDictionary<string, string> secretsByKeyId, TimeProvider time) : FakeSmsHandler
{
    private readonly Acs3SignatureVerifier _verifier = new(id => secretsByKeyId.GetValueOrDefault(id), time);
    private readonly List<FakeAliyunSend> _sent = [];
    private int _bizId;

    public IReadOnlyList<FakeAliyunSend> Sent { get { lock (_sent) return [.. _sent]; } }

    /// <summary>When set, SendSms answers HTTP 200 with this Code (e.g. "isv.BUSINESS_LIMIT_CONTROL").</summary>
    public string? ErrorCode { get; set; }

    protected override (HttpStatusCode Status, string Json) Answer(IncomingSignedRequest request)
    {
        var requestId = Guid.NewGuid().ToString().ToUpperInvariant();
        var verification = _verifier.Verify(request);
        if (!verification.IsValid) return Reply(HttpStatusCode.BadRequest, verification.ErrorCode!, verification.Reason!, null, requestId);
        if (request.Headers.GetValueOrDefault("x-acs-action") != "SendSms")
            return Reply(HttpStatusCode.BadRequest, "InvalidAction.NotFound", "only SendSms is faked", null, requestId);
        if (ErrorCode is not null) return Reply(HttpStatusCode.OK, ErrorCode, "fake error", null, requestId);

        var query = Acs3SignatureVerifier.ParseQuery(request.Query).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (!query.TryGetValue("PhoneNumbers", out var phones)
            || !query.TryGetValue("SignName", out var sign)
            || !query.TryGetValue("TemplateCode", out var template))
            return Reply(HttpStatusCode.BadRequest, "MissingParameter", "PhoneNumbers, SignName and TemplateCode are required", null, requestId);
        var bizId = $"fake-biz-{Interlocked.Increment(ref _bizId)}";
        lock (_sent) _sent.Add(new FakeAliyunSend(phones, sign, template, query.GetValueOrDefault("TemplateParam"), query.GetValueOrDefault("OutId"), bizId));
        return Reply(HttpStatusCode.OK, AliyunSmsErrors.Ok, "OK", bizId, requestId);
    }

    private static (HttpStatusCode, string) Reply(HttpStatusCode status, string code, string message, string? bizId, string requestId) =>
        (status, JsonSerializer.Serialize(new AliyunSendSmsResponse { Code = code, Message = message, BizId = bizId, RequestId = requestId }, SmsJson.Options));
}
