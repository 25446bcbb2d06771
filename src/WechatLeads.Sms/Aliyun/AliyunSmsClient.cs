using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Flurl.Http;

namespace WechatLeads.Sms.Aliyun;

/// <summary>
/// A typed client for Aliyun Dysmsapi, one method per action named after it, signed with ACS3-HMAC-SHA256
/// (signature V3). <c>Code</c> is checked on every answer (business errors come with HTTP 200) and anything but
/// "OK" is thrown as <see cref="AliyunSmsException"/>. Never retries by itself: Aliyun states SendSms is not
/// idempotent, so the caller decides from <see cref="SmsProviderException.Kind"/>.
/// </summary>
public sealed class AliyunSmsClient(AliyunSmsClientOptions options, TimeProvider time, IFlurlClient? http = null)
{
    public const string SmsVersion = "2017-05-25";

    private readonly IFlurlClient _http = http ?? new FlurlClient();

    public AliyunSmsClientOptions Options { get; } = options;

    /// <summary>Fresh per request (the provider refuses a reused nonce); replaceable so tests can pin it.</summary>
    internal Func<string> NewNonce { get; init; } = () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary><c>SendSms</c>: POST with the parameters in the query and an empty body.</summary>
    public async Task<AliyunSendSmsResponse> SendSmsAsync(AliyunCredentials credentials, AliyunSendSmsRequest request, CancellationToken ct = default)
    {
        request.Validate();
        var response = await CallAsync(credentials, "SendSms", SmsVersion, request.ToQuery(), [.. request.PhoneNumbers], ct);
        if (response.Code != AliyunSmsErrors.Ok)
            throw Fail(response.Code ?? SmsErrorCodes.BadAnswer, response.Message, response.RequestId, credentials, request.PhoneNumbers);
        return response;
    }

    // Every Dysmsapi answer has Code/Message/RequestId; SendSms is the only action so far, so its record is the answer type.
    private async Task<AliyunSendSmsResponse> CallAsync(
        AliyunCredentials credentials,
        string action,
        string version,
        List<KeyValuePair<string, string>> query,
        string[] sensitive,
        CancellationToken ct)
    {
        var baseUri = new Uri(Options.BaseUrl);
        var headers = Acs3Signer.CreateHeaders(baseUri.Authority, action, version, time.GetUtcNow(), NewNonce(), [], securityToken: credentials.SecurityToken);
        var signature = Acs3Signer.Sign(credentials.AccessKeyId, credentials.AccessKeySecret, "POST", "/", query, headers, []);

        // The query is written with the same RFC 3986 encoding that was signed.
        var url = Options.BaseUrl.TrimEnd('/') + "/?" + string.Join('&', query.Select(p => Acs3Signer.Encode(p.Key) + "=" + Acs3Signer.Encode(p.Value)));
        var flurl = _http.Request(url)
            .WithSettings(s => s.AllowedHttpStatusRange = "*")
            .WithTimeout(Options.Timeout)
            .WithHeader("Authorization", signature.Authorization);
        foreach (var (name, value) in headers)
            if (name != "host") flurl = flurl.WithHeader(name, value); // HttpClient sends Host from the URL

        IFlurlResponse response;
        try
        {
            response = await flurl.PostAsync(null, cancellationToken: ct);
        }
        catch (FlurlHttpException) when (ct.IsCancellationRequested)
        {
            // The caller gave up (e.g. shutdown): cancellation stays an OperationCanceledException, but like a
            // timeout the SMS may already be out, so the message says so and the caller must reconcile.
            throw new OperationCanceledException("The SMS send was cancelled; it may have been sent.", ct);
        }
        catch (FlurlHttpException e)
        {
            var (code, kind) = SmsTransport.Classify(e);
            throw new AliyunSmsException(code, e.InnerException?.GetType().Name ?? "HTTP failure", kind, null);
        }

        AliyunSendSmsResponse? body = null;
        try
        {
            body = JsonSerializer.Deserialize<AliyunSendSmsResponse>(await response.GetStringAsync(), SmsJson.Options);
        }
        catch (JsonException) { }

        if (response.StatusCode is < 200 or >= 300)
        {
            // Signature and parameter errors come as 4xx with Aliyun's JSON; a bare gateway status has none.
            if (body?.Code is { } code)
                throw Fail(code, body.Message, body.RequestId, credentials, sensitive);
            throw new AliyunSmsException(SmsErrorCodes.HttpStatusPrefix + response.StatusCode.ToString(CultureInfo.InvariantCulture),
                "no Aliyun error in the answer", SmsTransport.ClassifyStatus(response.StatusCode), null);
        }
        if (body?.Code is null) throw new AliyunSmsException(SmsErrorCodes.BadAnswer, "the answer is not Aliyun's JSON", SmsFailureKind.SentUnknown, null);
        return body;
    }

    private static AliyunSmsException Fail(string code, string? message, string? requestId, AliyunCredentials credentials, IEnumerable<string> phones) =>
        new(code, SmsTransport.Scrub(message, [.. phones, credentials.AccessKeyId]), AliyunSmsErrors.Classify(code), requestId);
}
