using System.Net;
using System.Text.Json;
using WechatLeads.Sms.Tencent;

namespace WechatLeads.Sms.Testing;

/// <summary>
/// A fake Tencent SMS endpoint: verifies TC3 signatures with <see cref="TencentSignatureVerifier"/> and answers
/// like Tencent (HTTP 200 with <c>Response.Error</c> on refusal). Accepted sends are recorded in <see cref="Sent"/>;
/// each number gets <see cref="StatusCodeFor"/>'s code (default "Ok") and serial <c>fake-sid-N</c>.
/// </summary>
public sealed class FakeTencentSms(IReadOnlyDictionary<string, string> secretKeysById, TimeProvider time) : FakeSmsHandler
{
    private readonly TencentSignatureVerifier _verifier = new(id => secretKeysById.GetValueOrDefault(id), time);
    private readonly List<TencentSendSmsRequest> _sent = [];
    private int _serial;

    public IReadOnlyList<TencentSendSmsRequest> Sent { get { lock (_sent) return [.. _sent]; } }

    /// <summary>The per-number code to answer (e.g. "LimitExceeded.PhoneNumberDailyLimit"); "Ok" by default.</summary>
    public Func<string, string> StatusCodeFor { get; set; } = _ => TencentSmsErrors.Ok;

    /// <summary>When set, the whole call fails with this code (after the signature check).</summary>
    public string? ErrorCode { get; set; }

    protected override (HttpStatusCode Status, string Json) Answer(IncomingSignedRequest request)
    {
        var requestId = Guid.NewGuid().ToString();
        var verification = _verifier.Verify(request);
        if (!verification.IsValid) return Error(verification.ErrorCode!, verification.Reason!, requestId);
        if (request.Headers.GetValueOrDefault("X-TC-Action") != "SendSms") return Error("InvalidAction", "only SendSms is faked", requestId);
        if (ErrorCode is not null) return Error(ErrorCode, "fake error", requestId);

        TencentSendSmsRequest? send;
        try { send = JsonSerializer.Deserialize<TencentSendSmsRequest>(request.Body, SmsJson.Options); }
        catch (JsonException) { send = null; }
        if (send?.PhoneNumberSet is null) return Error("InvalidParameter", "body is not a SendSms request", requestId);
        lock (_sent) _sent.Add(send);

        var statuses = send.PhoneNumberSet.Select(p =>
        {
            var code = StatusCodeFor(p);
            return new TencentSendStatus
            {
                SerialNo = code == TencentSmsErrors.Ok ? $"fake-sid-{Interlocked.Increment(ref _serial)}" : "",
                PhoneNumber = p,
                Fee = code == TencentSmsErrors.Ok ? 1 : 0,
                SessionContext = send.SessionContext,
                Code = code,
                Message = code == TencentSmsErrors.Ok ? "send success" : "fake failure",
                IsoCode = "CN",
            };
        }).ToList();
        return (HttpStatusCode.OK, JsonSerializer.Serialize(new { Response = new { SendStatusSet = statuses, RequestId = requestId } }, SmsJson.Options));
    }

    private static (HttpStatusCode, string) Error(string code, string message, string requestId) =>
        (
            HttpStatusCode.OK,
            JsonSerializer.Serialize(new { Response = new { Error = new { Code = code, Message = message }, RequestId = requestId } }, SmsJson.Options));
}
