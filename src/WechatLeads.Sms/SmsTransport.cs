using System.Net;
using System.Net.Http;
using Flurl.Http;

namespace WechatLeads.Sms;

/// <summary>Shared decisions about failures below the provider's protocol.</summary>
internal static class SmsTransport
{
    /// <summary>
    /// A Flurl failure as (code, kind). Only failures that happen before the request could have left — no
    /// connection, name not resolved, TLS refused — are safe to resend; anything later (timeout, reset,
    /// truncated answer) may follow an accepted request.
    /// </summary>
    public static (string Code, SmsFailureKind Kind) Classify(FlurlHttpException e)
    {
        if (e is FlurlHttpTimeoutException) return (SmsErrorCodes.TransportTimeout, SmsFailureKind.SentUnknown);
        var http = e.InnerException as HttpRequestException ?? e.InnerException?.InnerException as HttpRequestException;
        return http?.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError
            ? (SmsErrorCodes.TransportUnreachable, SmsFailureKind.Retryable)
            : (SmsErrorCodes.TransportFailed, SmsFailureKind.SentUnknown);
    }

    /// <summary>
    /// An HTTP status with no provider error in the body. 5xx from a gateway may come after the backend took
    /// the request; 429 is a refusal; other 4xx mean our request is wrong.
    /// </summary>
    public static SmsFailureKind ClassifyStatus(int status) => status switch
    {
        (int)HttpStatusCode.TooManyRequests => SmsFailureKind.Retryable,
        >= 500 => SmsFailureKind.SentUnknown,
        _ => SmsFailureKind.Permanent,
    };

    /// <summary>Removes the given values (phone numbers, key ids) from provider text before it reaches an exception or a log.</summary>
    public static string Scrub(string? text, IEnumerable<string?> values)
    {
        var result = text ?? "";
        foreach (var v in values)
        {
            if (string.IsNullOrEmpty(v) || v.Length < 4) continue;
            result = result.Replace(v, "***", StringComparison.Ordinal);
            // numbers are also echoed without their +86 / 86 prefix
            var digits = v.TrimStart('+');
            if (digits.StartsWith("86", StringComparison.Ordinal) && digits.Length == 13) result = result.Replace(digits[2..], "***", StringComparison.Ordinal);
        }
        return result;
    }
}
