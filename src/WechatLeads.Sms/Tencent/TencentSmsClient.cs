using System.Globalization;
using System.Text;
using System.Text.Json;
using Flurl.Http;
using Flurl.Http.Content;

namespace WechatLeads.Sms.Tencent;

/// <summary>
/// A typed client for Tencent Cloud SMS (API 3.0), one method per action named after it. Each request is signed
/// with TC3-HMAC-SHA256 over the exact bytes and Content-Type sent. <c>Response.Error</c> is checked on every
/// answer (Tencent answers HTTP 200 for failures) and thrown as <see cref="TencentSmsException"/>; per-number
/// outcomes stay in <see cref="TencentSendSmsResponse.SendStatusSet"/>. Never retries by itself: a send is not
/// idempotent, so the caller decides from <see cref="SmsProviderException.Kind"/>.
/// </summary>
public sealed class TencentSmsClient(TencentSmsClientOptions options, TimeProvider time, IFlurlClient? http = null)
{
    public const string SmsVersion = "2021-01-11";

    // The exact string signed and sent: Tencent rejects a Content-Type that differs from the signed one.
    public const string ContentType = "application/json; charset=utf-8";

    private readonly IFlurlClient _http = http ?? new FlurlClient();

    public TencentSmsClientOptions Options { get; } = options;

    /// <summary><c>SendSms</c>. Throws <see cref="TencentSmsException"/> when the whole call failed; check each status's <c>Code</c> for "Ok".</summary>
    public async Task<TencentSendSmsResponse> SendSmsAsync(TencentCredentials credentials, TencentSendSmsRequest request, CancellationToken ct = default)
    {
        request.Validate();
        var response = await CallAsync<TencentSendSmsResponse>(credentials, "SendSms", SmsVersion, request, [.. request.PhoneNumberSet], ct);
        if (response.Error is { } error)
            throw Fail(error.Code ?? "", error.Message, response.RequestId, credentials, request.PhoneNumberSet);
        if (response.SendStatusSet is null)
            throw new TencentSmsException(SmsErrorCodes.BadAnswer, "no SendStatusSet", SmsFailureKind.SentUnknown, response.RequestId);
        return response;
    }

    private async Task<T> CallAsync<T>(
        TencentCredentials credentials,
        string action,
        string version,
        object body,
        string[] sensitive,
        CancellationToken ct) where T
        : class
    {
        // Serialised once: these bytes are hashed, signed and sent.
        var json = JsonSerializer.Serialize(body, body.GetType(), SmsJson.Options);
        var bytes = Encoding.UTF8.GetBytes(json);
        var baseUri = new Uri(Options.BaseUrl);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var signature = Tc3Signer.Sign(credentials.SecretId, credentials.SecretKey, Options.Service, "POST", "/", "",
            [new("content-type", ContentType), new("host", baseUri.Authority), new("x-tc-action", action)], timestamp, bytes);

        var flurl = _http.Request(Options.BaseUrl.TrimEnd('/') + "/")
            .WithSettings(s => s.AllowedHttpStatusRange = "*")
            .WithTimeout(Options.Timeout)
            .WithHeader("Authorization", signature.Authorization)
            .WithHeader("X-TC-Action", action)
            .WithHeader("X-TC-Version", version)
            .WithHeader("X-TC-Region", Options.Region)
            .WithHeader("X-TC-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        if (credentials.Token is not null) flurl = flurl.WithHeader("X-TC-Token", credentials.Token);

        IFlurlResponse response;
        try
        {
            response = await flurl.PostAsync(new CapturedStringContent(json, ContentType), cancellationToken: ct);
        }
        catch (FlurlHttpException) when (ct.IsCancellationRequested)
        {
            // The caller gave up (e.g. shutdown): cancellation stays an OperationCanceledException, but like a
            // timeout the SMS may already be out, so the message says so and the caller must reconcile.
            throw new OperationCanceledException("The SMS send was cancelled; it may have been sent.", ct);
        }
        catch (FlurlHttpException e)
        {
            // Flurl's message and inner exception are left out on purpose: neither is needed to act, and the inner one may carry the URL.
            var (code, kind) = SmsTransport.Classify(e);
            throw new TencentSmsException(code, e.InnerException?.GetType().Name ?? "HTTP failure", kind, null);
        }

        TencentEnvelope<T>? envelope = null;
        try
        {
            envelope = JsonSerializer.Deserialize<TencentEnvelope<T>>(await response.GetStringAsync(), SmsJson.Options);
        }
        catch (JsonException) { }

        if (response.StatusCode is < 200 or >= 300)
        {
            // A gateway may answer non-200 with no Tencent body; a Tencent error body wins when there is one.
            if (envelope?.Response is TencentSendSmsResponse { Error.Code: { } code } withError)
                throw Fail(code, withError.Error!.Message, withError.RequestId, credentials, sensitive);
            throw new TencentSmsException(SmsErrorCodes.HttpStatusPrefix + response.StatusCode.ToString(CultureInfo.InvariantCulture),
                "no Tencent error in the answer", SmsTransport.ClassifyStatus(response.StatusCode), null);
        }
        return envelope?.Response
            ?? throw new TencentSmsException(SmsErrorCodes.BadAnswer, "the answer is not Tencent's JSON", SmsFailureKind.SentUnknown, null);
    }

    private static TencentSmsException Fail(string code, string? message, string? requestId, TencentCredentials credentials, IEnumerable<string> phones) =>
        new(code, SmsTransport.Scrub(message, [.. phones, credentials.SecretId]), TencentSmsErrors.Classify(code), requestId);
}
