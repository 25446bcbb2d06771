using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Security;
using WechatLeads.Server.Telemetry;
using WechatLeads.Wechat.Crypto;
using WechatLeads.Wechat.Messages;

namespace WechatLeads.Server.Messaging;

/// <summary>One push URL: the account whose Token and key authenticate it, and which handlers it reaches.</summary>
internal sealed record PushEndpoint(string Path, WechatAccount Account, PushSources Source);

/// <summary>
/// A push URL — the Official Account's <c>/wechat</c>, or the mini-program's <c>/wechat/miniprogram</c> — in plain,
/// compatible or safe mode. Order matters: authenticate, bound the body, parse without DTDs, route, commit the
/// writes together with the de-duplication receipt, and only then answer.
/// </summary>
internal sealed class WechatWebhook(
    PushEndpoint endpoint, WechatMessageRouter router, DurableWriteQueue writes,
    IOptions<WebhookOptions> options, TimeProvider time, RefusalLog refusals, ILogger<WechatWebhook> logger)
{
    private const string Success = "success";
    private readonly WebhookOptions _options = options.Value;
    private readonly WechatAccount account = endpoint.Account;

    public IResult Verify(HttpRequest request)
    {
        var q = WebhookQuery.From(request.Query);
        if (!q.IsFresh(time.GetUtcNow(), _options.TimestampTolerance) ||
            !WechatSignature.Verify(q.Signature, account.Token, q.Timestamp!, q.Nonce ?? ""))
        {
            refusals.Refused("server-URL verification", "signature or timestamp invalid");
            return WebhookProblems.Refused(401, "Signature or timestamp invalid.").ToResult();
        }
        return Results.Text(q.EchoStr ?? "", "text/plain");
    }

    public async Task<IResult> ReceiveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var q = WebhookQuery.From(request.Query);
        if (!q.IsFresh(time.GetUtcNow(), _options.TimestampTolerance))
            return Refuse(401, "Timestamp missing or more than the allowed skew from the server clock.");
        // Everything that can be decided from the URL is decided before a byte of the body is read.
        if (q.IsSafeMode)
        {
            if (account.Crypto is null) return Refuse(400, "Safe mode is not configured for this account (no EncodingAESKey).");
            if (!WechatSignature.IsWellFormed(q.MsgSignature)) return Refuse(401, "msg_signature missing or malformed.");
        }
        else
        {
            // In compatible and safe mode only msg_signature authenticates a body; a plain signature is the same
            // on every push URL and covers no body, so a push without AES proves nothing about what it says.
            if (account.RequiresEncryption)
                return Refuse(401, $"The account is in {account.Mode} mode: pushes without encrypt_type=aes and msg_signature are refused.");
            if (!WechatSignature.Verify(q.Signature, account.Token, q.Timestamp!, q.Nonce ?? "")) return Refuse(401, "Signature invalid.");
        }
        if (request.ContentLength > _options.MaxBodyBytes)
            return Refuse(413, "Body too large.");

        var body = await ReadBodyAsync(request.BodyReader, _options.MaxBodyBytes, cancellationToken);
        if (body is null) return Refuse(413, "Body too large.");

        string xml;
        try
        {
            xml = q.IsSafeMode ? OpenEnvelope(body, q) : body;
        }
        catch (WebhookRefusal refusal)
        {
            return Refuse(refusal.Status, refusal.Message);
        }

        InboundMessage message;
        try
        {
            message = InboundMessageParser.Parse(xml);
        }
        catch (WechatMessageFormatException)
        {
            return Refuse(400, "Malformed message XML.");
        }

        var result = await router.RouteAsync(message, endpoint.Source, cancellationToken);
        var pushWrites = result.Writes;
        // The customer-service window this push opens (account pushes only: the mini-program has none), with the push.
        if (endpoint.Source == PushSources.OfficialAccount && ServiceWindow.OpensMessageWindow(message) is { } byMessage)
            pushWrites = [.. pushWrites, new RecordInteraction(message.FromUserName, byMessage)];
        SubmitOutcome outcome;
        try
        {
            outcome = await writes.SubmitAsync(new PushReceipt(ReceiptKey(message), SignatureKey(q)), pushWrites, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Not acknowledged, so WeChat will retry; nothing is half-done thanks to the single transaction.
            logger.LogError(error, "Could not make a {MsgType} push durable", message.MsgType);
            ServerMetrics.Push(KindOf(message), "failed");
            return WebhookProblems.StorageUnavailable.ToResult();
        }
        if (outcome == SubmitOutcome.Replayed)
            return Refuse(401, "This timestamp, nonce and signature were already used by another push.", KindOf(message));
        ServerMetrics.Push(KindOf(message), outcome == SubmitOutcome.New ? "new" : "duplicate");
        if (outcome == SubmitOutcome.Duplicate || result.Reply is null) return Results.Text(Success, "text/plain");
        return Results.Text(BuildReply(result.Reply, message, q), "application/xml", Encoding.UTF8);
    }

    /// <summary>
    /// The safe-mode envelope is read by a linear scan, not an XML parser, and nothing else about it is looked
    /// at until msg_signature — which covers exactly the Encrypt value — verifies. Only the decrypted content
    /// is believed; the plaintext fields a compatible-mode envelope carries beside it are never read.
    /// </summary>
    private string OpenEnvelope(string body, WebhookQuery q)
    {
        EncryptedEnvelope envelope;
        try { envelope = EnvelopeScanner.Read(body); }
        catch (WechatMessageFormatException) { throw new WebhookRefusal(400, "Malformed envelope."); }

        if (!WechatSignature.Verify(q.MsgSignature, account.Token, q.Timestamp!, q.Nonce ?? "", envelope.Encrypt))
            throw new WebhookRefusal(401, "msg_signature invalid.");
        try { return account.Crypto!.Decrypt(envelope.Encrypt); }
        catch (WechatCryptoException) { throw new WebhookRefusal(400, "Encrypt could not be decrypted for this AppId."); }
    }

    /// <summary>The push's timestamp, nonce and the signature that authenticated it, hashed: unique per push while fresh.</summary>
    private static string SignatureKey(WebhookQuery q) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join('\n', q.Timestamp, q.Nonce ?? "", (q.IsSafeMode ? q.MsgSignature : q.Signature)!.ToLowerInvariant()))));

    private string BuildReply(ReplyMessage reply, InboundMessage message, WebhookQuery q)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var xml = ReplyXmlWriter.Write(reply, toUser: message.FromUserName, fromUser: message.ToUserName, createTime: now);
        if (!q.IsSafeMode) return xml;
        var nonce = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString();
        return EncryptedReplyWriter.Write(account.Crypto!, account.Token, xml, now.ToString(), nonce);
    }

    /// <summary>
    /// The push's CreateTime, then a hash of its de-duplication key: retries carry the same CreateTime, so
    /// they still meet their first receipt, and as CreateTime follows the clock new receipts land at the
    /// end of the key index instead of on a random page of it (one page written per commit, not hundreds).
    /// </summary>
    private string ReceiptKey(InboundMessage message)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(message.DeduplicationKey(account.AppId))));
        return string.Concat(Math.Clamp(message.CreateTime, 0, 9_999_999_999).ToString("D10", CultureInfo.InvariantCulture), hash.AsSpan(0, 54));
    }

    /// <summary>The metric label of a push: its MsgType, or event:Event. Signed by WeChat, and still clipped: a label set stays small.</summary>
    private static string KindOf(InboundMessage message)
    {
        var kind = message is EventMessage e ? "event:" + e.Event.ToLowerInvariant() : message.MsgType.ToLowerInvariant();
        return kind.Length <= 40 ? kind : kind[..40];
    }

    /// <param name="kind">What the push was, when it got as far as being read.</param>
    private IResult Refuse(int status, string reason, string kind = "unread")
    {
        ServerMetrics.Push(kind, "refused");
        // Bounded: a line per refused push would let anyone with the URL fill the disk (the metric counts each one).
        refusals.Refused("WeChat push", $"{status}: {reason}");
        return WebhookProblems.Refused(status, reason).ToResult();
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes; null when the body is longer.</summary>
    private static async Task<string?> ReadBodyAsync(PipeReader reader, int limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            if (read.Buffer.Length > limit)
            {
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                return null;
            }
            if (read.IsCompleted)
            {
                var text = Encoding.UTF8.GetString(read.Buffer);
                reader.AdvanceTo(read.Buffer.End);
                return text;
            }
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private sealed class WebhookRefusal(int status, string message) : Exception(message)
    {
        public int Status { get; } = status;
    }
}

internal static class WechatWebhookEndpoints
{
    public static IEndpointRouteBuilder MapWechatWebhook(this IEndpointRouteBuilder app)
    {
        foreach (var source in new[] { PushSources.OfficialAccount, PushSources.MiniProgram })
        {
            // A singleton per push URL; none for the mini-program when it has no push Token configured.
            if (app.ServiceProvider.GetKeyedService<WechatWebhook>(source) is not { } webhook) continue;
            var endpoint = app.ServiceProvider.GetRequiredKeyedService<PushEndpoint>(source);
            WarnIfPlain(app, endpoint);
            app.MapGet(endpoint.Path, (HttpRequest request) => webhook.Verify(request)).ExcludeFromDescription();
            app.MapPost(endpoint.Path, (HttpRequest request, CancellationToken ct) => webhook.ReceiveAsync(request, ct)).ExcludeFromDescription();
        }
        return app;
    }

    private static void WarnIfPlain(IEndpointRouteBuilder app, PushEndpoint endpoint)
    {
        var account = endpoint.Account;
        if (account.Mode != MessageMode.Plain || account.IsSandbox || app.ServiceProvider.GetRequiredService<IHostEnvironment>().IsDevelopment()) return;
        app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger<WechatWebhook>().LogWarning(
            "Pushes to {Path} are in plain mode: a push's signature does not cover its body, so anyone who sees one push URL can post " +
            "their own for {Minutes} minutes (replays of a seen signature are refused). Switch to 安全模式 and set the EncodingAESKey.",
            endpoint.Path, app.ServiceProvider.GetRequiredService<IOptions<WebhookOptions>>().Value.TimestampTolerance.TotalMinutes);
    }
}
