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
internal sealed class SandboxPushSender(
    SandboxState state, WechatAccount account, IHttpClientFactory http, PublicUrls urls, TimeProvider time,
    [FromKeyedServices(Messaging.PushSources.MiniProgram)] Messaging.PushEndpoint? miniProgramPushes = null)
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

        var (status, replyXml) = await PostAsync("/wechat", account, SandboxCredentials.OriginalId, xml, push.Safe, now, cancellationToken, push.OpenId);
        if (status is < 200 or > 299) return new PushResult(status, null, null);
        var reply = ReplyParser.Parse(replyXml ?? "") switch
        {
            TextReply t => t.Content,
            NewsReply n => string.Join("\n", n.Articles.Select(a => a.Title + " " + a.Url)),
            _ => null,
        };
        return new PushResult(status, reply, replyXml);
    }

    /// <summary>
    /// 授权用户信息变更 as WeChat pushes it: about a mini-program user to the mini-program's push URL, or about an
    /// Official Account H5 user to <c>/wechat</c>.
    /// </summary>
    public async Task<int> SendAuthorizationChangeAsync(string openId, string @event, string? revokeInfo, bool miniProgram, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (path, target, originalId) = miniProgram && miniProgramPushes is { } mp
            ? ("/wechat/miniprogram", mp.Account, SandboxCredentials.MiniProgramOriginalId)
            : ("/wechat", account, SandboxCredentials.OriginalId);
        var xml = InboundMessageWriter.AuthorizationChange(originalId, now.ToUnixTimeSeconds(), @event, openId, target.AppId, revokeInfo);
        return (await PostAsync(path, target, originalId, xml, safe: true, now, cancellationToken)).Status;
    }

    /// <summary>subscribe_msg_popup_event: the user's answer to a subscription popup, pushed to the mini-program's push URL.</summary>
    public async Task<int> SendSubscribePopupAsync(string openId, IReadOnlyList<string> templateIds, string result, CancellationToken cancellationToken)
    {
        if (miniProgramPushes is not { } mp) return 404;
        var now = time.GetUtcNow();
        var xml = InboundMessageWriter.SubscribeEvent(SandboxCredentials.MiniProgramOriginalId, openId, now.ToUnixTimeSeconds(), "subscribe_msg_popup_event",
            "SubscribeMsgPopupEvent", templateIds.Select(t =>
                (IReadOnlyList<(string, string)>)[("TemplateId", t), ("SubscribeStatusString", result), ("PopupScene", "0")]));
        return (await PostAsync("/wechat/miniprogram", mp.Account, SandboxCredentials.MiniProgramOriginalId, xml, safe: true, now, cancellationToken)).Status;
    }

    /// <summary>Signs (and in safe mode encrypts) <paramref name="xml"/> with <paramref name="target"/>'s Token and key and POSTs it to <paramref
    /// name="path"/>.</summary>
    private async Task<(int Status, string? ReplyXml)> PostAsync(
        string path,
        WechatAccount target,
        string originalId,
        string xml,
        bool safe,
        DateTimeOffset now,
        CancellationToken cancellationToken,
        string? openId = null)
    {
        var timestamp = now.ToUnixTimeSeconds().ToString();
        var nonce = RandomNumberGenerator.GetInt32(1, int.MaxValue).ToString();
        var query = $"?signature={WechatSignature.Compute(target.Token, timestamp, nonce)}&timestamp={timestamp}&nonce={nonce}";
        if (openId is not null) query += "&openid=" + Uri.EscapeDataString(openId); // WeChat names the follower in an account push's URL
        var body = xml;
        var encrypted = (safe || target.RequiresEncryption) && target.Crypto is not null;
        if (encrypted)
        {
            var encrypt = target.Crypto!.Encrypt(xml);
            body = InboundMessageWriter.EncryptedEnvelope(originalId, encrypt);
            query += $"&encrypt_type=aes&msg_signature={WechatSignature.Compute(target.Token, timestamp, nonce, encrypt)}";
        }

        using var client = http.CreateClient(HttpClientName);
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "text/xml");
        using var response = await client.PostAsync(urls.Base + path + query, content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode) return ((int)response.StatusCode, null);
        return ((int)response.StatusCode, OpenReply(text, encrypted, target));
    }

    private static string? OpenReply(string text, bool encrypted, WechatAccount target)
    {
        if (string.IsNullOrWhiteSpace(text) || text == "success") return null;
        if (!encrypted) return text;
        var envelope = InboundMessageParser.ParseEnvelope(text);
        return target.Crypto!.Decrypt(envelope.Encrypt);
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
