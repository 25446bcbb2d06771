using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Data;
using WechatLeads.Sms;

namespace WechatLeads.Server.Sms;

/// <summary>
/// What a real provider adapter shares: the message's row in <c>SmsDeliveries</c> (written before the call, by
/// our message id), the retry policy, and the health record. Neither provider de-duplicates sends, so:
/// <list type="bullet">
/// <item>a failure before the request left (connection refused, API throttling) is tried once more — nothing went out;</item>
/// <item>a timeout, broken connection or 5xx after it left is repeated once only for a code (a second identical
/// code is harmless); anything else is recorded unknown and reported as <see cref="SmsUnavailableException"/> with MayHaveBeenSent;</item>
/// <item>a second call with an id already sent answers the first result without sending; one in flight or
/// unknown is refused — a marketing message is never sent twice by us.</item>
/// </list>
/// </summary>
internal abstract class ProviderSmsSender(IServiceScopeFactory scopes, IOptionsMonitor<SmsOptions> options, SmsHealth health, TimeProvider time, ILogger logger)
    : ISmsSender
{
    protected abstract string Provider { get; }

    protected TimeProvider Clock { get; } = time;

    /// <summary>One call to the provider. Returns its message id; throws <see cref="SmsProviderException"/> for a failure.</summary>
    protected abstract Task<string> SendOnceAsync(SmsOptions o, SmsMessage message, SmsTemplate template, CancellationToken ct);

    public async Task<SmsResult> SendAsync(SmsMessage message, CancellationToken ct)
    {
        var o = options.CurrentValue;
        if (Template(o, message.Purpose) is not { } template)
        {
            logger.LogError("SMS {Purpose} not sent: no template is configured (Sms:Templates)", message.Purpose);
            return new SmsResult(false) { Reason = "template_not_configured" };
        }
        if (await ClaimAsync(message) is { } earlier) return earlier;

        var repeatIfUnknown = message.Purpose is SmsPurposes.Verification or SmsPurposes.Correction;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var providerId = await SendOnceAsync(o, message, template, ct);
                await RecordAsync(message.MessageId, SmsDeliveryStatus.Sent, null, providerId);
                health.Succeeded(Provider, Now);
                return new SmsResult(true, providerId);
            }
            catch (SmsProviderException e)
            {
                var reason = Reason(e);
                switch (e.Kind)
                {
                    case SmsFailureKind.Permanent:
                        await RecordAsync(message.MessageId, SmsDeliveryStatus.Failed, reason, null);
                        if (!AboutTheNumber(e.Code)) health.Failed(Provider, e.Code, Now);
                        logger.LogWarning("SMS {MessageId} refused by {Provider}: {Code}", message.MessageId, Provider, e.Code);
                        return new SmsResult(false) { Reason = reason };
                    case SmsFailureKind.Retryable when attempt == 1:
                        logger.LogInformation(
                            "SMS {MessageId}: {Provider} refused before sending ({Code}); trying once more",
                            message.MessageId,
                            Provider,
                            e.Code);
                        continue;
                    case SmsFailureKind.SentUnknown when attempt == 1 && repeatIfUnknown:
                        logger.LogInformation(
                            "SMS {MessageId}: {Provider} may have sent the code ({Code}); a code is repeated once",
                            message.MessageId,
                            Provider,
                            e.Code);
                        continue;
                    case SmsFailureKind.SentUnknown:
                        await RecordAsync(message.MessageId, SmsDeliveryStatus.Unknown, reason, null);
                        health.Failed(Provider, e.Code, Now);
                        logger.LogWarning(
                            "SMS {MessageId}: {Provider} failed after the request left ({Code}); not repeated",
                            message.MessageId,
                            Provider,
                            e.Code);
                        throw new SmsUnavailableException(Provider, e.Code, mayHaveBeenSent: true, rateLimited: false, e);
                    default: // Retryable twice, or RateLimited: nothing went out
                        await RecordAsync(message.MessageId, SmsDeliveryStatus.Failed, reason, null);
                        if (e.Kind == SmsFailureKind.Retryable) health.Failed(Provider, e.Code, Now);
                        logger.LogWarning("SMS {MessageId} not sent: {Provider} {Code}", message.MessageId, Provider, e.Code);
                        throw new SmsUnavailableException(Provider, e.Code, mayHaveBeenSent: false, rateLimited: e.Kind == SmsFailureKind.RateLimited, e);
                }
            }
            catch (ArgumentException e)
            {
                // Refused by the library before anything was sent (a number that is not a mainland mobile, a missing id).
                await RecordAsync(message.MessageId, SmsDeliveryStatus.Failed, "invalid_request", null);
                logger.LogWarning("SMS {MessageId} not sent: the request is invalid ({Problem})", message.MessageId, e.GetType().Name);
                return new SmsResult(false) { Reason = "invalid_request" };
            }
            catch (OperationCanceledException)
            {
                // Shut down mid-call: the request may be out, and nobody will repeat it.
                await RecordAsync(message.MessageId, SmsDeliveryStatus.Unknown, "cancelled", null);
                throw;
            }
        }
    }

    /// <summary>Correction codes use the verification template when they have none of their own (same variables).</summary>
    private static SmsTemplate? Template(SmsOptions o, string purpose)
    {
        var t = o.Templates.For(purpose)?.Template;
        if (purpose == SmsPurposes.Correction && string.IsNullOrWhiteSpace(t?.Id)) t = o.Templates.Verification;
        return string.IsNullOrWhiteSpace(t?.Id) ? null : t;
    }

    /// <summary>The template's values in template order: by <see cref="SmsTemplate.Params"/> when configured, else as the message lists them.</summary>
    protected static IReadOnlyList<KeyValuePair<string, string>> OrderedParameters(SmsMessage message, SmsTemplate template)
    {
        if (template.Params.Length == 0) return message.Parameters;
        return [.. template.Params.Select(name => message.Parameters.FirstOrDefault(p => p.Key == name) is { Key: not null } p
            ? p
            : throw new SmsProviderException("WechatLeads", "template_parameter_missing", $"the message has no '{name}'", SmsFailureKind.Permanent, null))];
    }

    /// <summary>
    /// The message's row: inserted as sending; if the id was seen before, its outcome decides. Sent → that result
    /// again, nothing sent. Failed (nothing went out) → tried again. In flight or unknown → refused.
    /// </summary>
    private async Task<SmsResult?> ClaimAsync(SmsMessage message)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
        var (id, provider, purpose, status, now) = (message.MessageId, Provider, message.Purpose, SmsDeliveryStatus.Sending, Now);
        var inserted = await db.Database.ExecuteSqlAsync($@"INSERT INTO ""SmsDeliveries"" (""MessageId"", ""Provider"", ""Purpose"", ""Status"",
            ""CreatedAt"", ""UpdatedAt"")
            VALUES ({id}, {provider}, {purpose}, {status}, {now}, {now}) ON CONFLICT (""MessageId"") DO NOTHING", CancellationToken.None);
        if (inserted == 1) return null;
        var earlier = await db.Set<SmsDelivery>().AsNoTracking().SingleAsync(d => d.MessageId == id, CancellationToken.None);
        if (earlier.Status is SmsDeliveryStatus.Sent or SmsDeliveryStatus.Delivered) return new SmsResult(true, earlier.ProviderMessageId);
        if (earlier.Status == SmsDeliveryStatus.Failed && await db.Set<SmsDelivery>().Where(d => d.MessageId == id && d.Status == SmsDeliveryStatus.Failed)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(d => d.Status, SmsDeliveryStatus.Sending).SetProperty(d => d.UpdatedAt, now),
                    CancellationToken.None) == 1)
            return null;
        throw new SmsUnavailableException(Provider, "already_in_flight", mayHaveBeenSent: true, rateLimited: false);
    }

    // Recorded whatever the caller's token says: the provider's answer is a fact even during shutdown.
    private async Task RecordAsync(string messageId, string status, string? reason, string? providerId)
    {
        Telemetry.ServerMetrics.Sms(Provider, status);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
        var now = Now;
        await db.Set<SmsDelivery>().Where(d => d.MessageId == messageId && d.Status == SmsDeliveryStatus.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, status).SetProperty(d => d.Reason, reason)
                .SetProperty(d => d.ProviderMessageId, providerId).SetProperty(d => d.UpdatedAt, now), CancellationToken.None);
    }

    /// <summary>The provider's code and message (the library scrubs numbers and key ids from it), short enough for the column.</summary>
    private static string Reason(SmsProviderException e)
    {
        var text = $"{e.Code}: {e.ProviderMessage}";
        return text.Length <= 200 ? text : text[..200];
    }

    // Codes about one number (invalid, blacklisted) say nothing about the provider's health.
    private static bool AboutTheNumber(string code) =>
        code.Contains("PhoneNumber", StringComparison.Ordinal) || code.Contains("MOBILE", StringComparison.Ordinal) ||
        code.Contains("Blacklist", StringComparison.Ordinal) || code.Contains("BLACK", StringComparison.Ordinal) || code == "template_parameter_missing";

    private DateTime Now => Clock.GetUtcNow().UtcDateTime;
}
