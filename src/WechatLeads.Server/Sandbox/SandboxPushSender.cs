using System.Security.Cryptography;
using WechatLeads.Server.Platform;
using WechatLeads.Wechat.Crypto;
using WechatLeads.Wechat.Messages;

namespace WechatLeads.Server.Sandbox;

/// <summary>
/// Plays WeChat's side of a push: builds the XML a real follower's action produces, signs it (and
/// encrypts it in safe mode) with the account's Token and key, POSTs it to this app's own <c>/wechat</c>
/// over HTTP, and reads the passive reply back — exactly the path a real push takes.
/// </summary>
public sealed class SandboxPushSender(
    SandboxState state, WechatAccount account, IHttpClientFactory http, PublicUrls urls, TimeProvider time)
{
    public const string HttpClientName = "sandbox-self";

    public sealed record PushRequest(string OpenId, string Type, string? Content = null, string? Key = null, bool Safe = true);

    public sealed record PushResult(int Status, string? Reply, string? ReplyXml);

    public async Task<PushResult> SendAsync(PushRequest push, CancellationToken cancellationToken)
    {
        var follower = state.GetOrAddFollower(push.OpenId);
        var now = time.GetUtcNow();
        var xml = BuildXml(push, now.ToUnixTimeSeconds());
        switch (push.Type)
        {
            case "subscribe": follower.Subscribed = true; follower.Interacted(isMessage: false, now); break;
            case "unsubscribe": follower.Subscribed = false; break;
            case "text": follower.Interacted(isMessage: true, now); break;
            default: follower.Interacted(isMessage: false, now); break;
        }

        var timestamp = now.ToUnixTimeSeconds().ToString();
        var nonce = RandomNumberGenerator.GetInt32(1, int.MaxValue).ToString();
        var query = $"?signature={WechatSignature.Compute(account.Token, timestamp, nonce)}&timestamp={timestamp}&nonce={nonce}&openid={push.OpenId}";
        var body = xml;
        if ((push.Safe || account.RequiresEncryption) && account.Crypto is not null)
        {
            var encrypt = account.Crypto.Encrypt(xml);
            body = InboundMessageWriter.EncryptedEnvelope(SandboxCredentials.OriginalId, encrypt);
            query += $"&encrypt_type=aes&msg_signature={WechatSignature.Compute(account.Token, timestamp, nonce, encrypt)}";
        }

        using var client = http.CreateClient(HttpClientName);
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "text/xml");
        using var response = await client.PostAsync(urls.Base + "/wechat" + query, content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode) return new PushResult((int)response.StatusCode, null, null);
        var replyXml = OpenReply(text, push.Safe || account.RequiresEncryption);
        var reply = ReplyParser.Parse(replyXml ?? "") switch
        {
            TextReply t => t.Content,
            NewsReply n => string.Join("\n", n.Articles.Select(a => a.Title + " " + a.Url)),
            _ => null,
        };
        return new PushResult((int)response.StatusCode, reply, replyXml);
    }

    private string? OpenReply(string text, bool safe)
    {
        if (string.IsNullOrWhiteSpace(text) || text == "success") return null;
        if (!safe || account.Crypto is null) return text;
        var envelope = InboundMessageParser.ParseEnvelope(text);
        return account.Crypto.Decrypt(envelope.Encrypt);
    }

    private static string BuildXml(PushRequest push, long createTime)
    {
        var msgId = RandomNumberGenerator.GetInt32(1, int.MaxValue).ToString() + RandomNumberGenerator.GetInt32(1, int.MaxValue);
        return push.Type switch
        {
            "text" => InboundMessageWriter.Text(SandboxCredentials.OriginalId, push.OpenId, createTime, push.Content ?? "", msgId),
            "click" => InboundMessageWriter.Event(SandboxCredentials.OriginalId, push.OpenId, createTime, "CLICK", push.Key),
            "view" => InboundMessageWriter.Event(SandboxCredentials.OriginalId, push.OpenId, createTime, "VIEW", push.Key),
            "subscribe" => InboundMessageWriter.Event(SandboxCredentials.OriginalId, push.OpenId, createTime, "subscribe",
                push.Key is null ? null : "qrscene_" + push.Key, push.Key is null ? null : "sandbox-ticket"),
            "scan" => InboundMessageWriter.Event(SandboxCredentials.OriginalId, push.OpenId, createTime, "SCAN", push.Key, "sandbox-ticket"),
            "unsubscribe" => InboundMessageWriter.Event(SandboxCredentials.OriginalId, push.OpenId, createTime, "unsubscribe"),
            _ => throw new ArgumentException($"Unknown push type '{push.Type}'. Use text, click, view, subscribe, scan or unsubscribe."),
        };
    }
}
