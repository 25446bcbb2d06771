using System.Security.Cryptography;
using System.Text;
using WechatLeads.Server.Platform;
using WechatLeads.Wechat.Crypto;
using WechatLeads.Wechat.Messages;

namespace WechatLeads.Server.Tests.Infrastructure;

/// <summary>What WeChat's servers send to /wechat: signed, and in safe mode encrypted — built independently of the app's code paths.</summary>
public sealed class WechatPush(
    string token = SandboxCredentials.Token,
    string aesKey = SandboxCredentials.EncodingAesKey,
    string appId = SandboxCredentials.AppId,
    string path = "/wechat")
{
    /// <summary>The sandbox mini-program's message push URL, with its own Token and key.</summary>
    public static WechatPush MiniProgram() =>
        new(SandboxCredentials.MiniProgramToken, SandboxCredentials.MiniProgramEncodingAesKey, SandboxCredentials.MiniProgramAppId, "/wechat/miniprogram");

    public const string AccountId = SandboxCredentials.OriginalId;
    private readonly WechatMessageCrypto _crypto = new(aesKey, appId);

    public string Token => token;

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static string NewOpenId() => "o" + RandomNumberGenerator.GetHexString(27, lowercase: true);

    public static string Text(string from, string content, string? msgId = null, long? at = null) =>
        InboundMessageWriter.Text(AccountId, from, at ?? Now, content, msgId ?? RandomNumberGenerator.GetInt32(1, int.MaxValue).ToString());

    /// <summary>授权用户信息变更 about <paramref name="openId"/> of <paramref name="appId"/>.</summary>
    public static string AuthorizationChange(string @event, string openId, string appId, string? revokeInfo = null, long? at = null) =>
        InboundMessageWriter.AuthorizationChange(AccountId, at ?? Now, @event, openId, appId, revokeInfo);

    public static string Event(string from, string @event, string? key = null, long? at = null, string? ticket = null) =>
        InboundMessageWriter.Event(AccountId, from, at ?? Now, @event, key, ticket);

    public HttpRequestMessage Plain(string xml, long? timestamp = null, string? signature = null, string? nonce = null)
    {
        var ts = (timestamp ?? Now).ToString();
        nonce ??= RandomNumberGenerator.GetInt32(1, int.MaxValue).ToString();
        var sig = signature ?? WechatSignature.Compute(token, ts, nonce);
        return new HttpRequestMessage(HttpMethod.Post, $"{path}?signature={sig}&timestamp={ts}&nonce={nonce}&openid=x")
        {
            Content = new StringContent(xml, Encoding.UTF8, "text/xml"),
        };
    }

    public HttpRequestMessage Safe(string xml, long? timestamp = null, string? msgSignature = null)
    {
        var ts = (timestamp ?? Now).ToString();
        var nonce = RandomNumberGenerator.GetInt32(1, int.MaxValue).ToString();
        var encrypt = _crypto.Encrypt(xml);
        var sig = msgSignature ?? WechatSignature.Compute(token, ts, nonce, encrypt);
        var plainSig = WechatSignature.Compute(token, ts, nonce);
        return new HttpRequestMessage(HttpMethod.Post,
            $"{path}?signature={plainSig}&timestamp={ts}&nonce={nonce}&openid=x&encrypt_type=aes&msg_signature={sig}")
        {
            Content = new StringContent(InboundMessageWriter.EncryptedEnvelope(AccountId, encrypt), Encoding.UTF8, "text/xml"),
        };
    }

    /// <summary>A safe-mode push whose body is <paramref name="envelope"/> as given, signed over <paramref name="encrypt"/>.</summary>
    public HttpRequestMessage SafeRaw(string envelope, string encrypt, string? msgSignature = null)
    {
        var ts = Now.ToString();
        var nonce = RandomNumberGenerator.GetInt32(1, int.MaxValue).ToString();
        var sig = msgSignature ?? WechatSignature.Compute(token, ts, nonce, encrypt);
        return new HttpRequestMessage(HttpMethod.Post,
            $"{path}?signature={WechatSignature.Compute(token, ts, nonce)}&timestamp={ts}&nonce={nonce}&openid=x&encrypt_type=aes&msg_signature={sig}")
        {
            Content = new StringContent(envelope, Encoding.UTF8, "text/xml"),
        };
    }

    public string Encrypt(string xml) => _crypto.Encrypt(xml);

    /// <summary>Checks an encrypted reply's MsgSignature and returns the decrypted XML.</summary>
    public string OpenReply(string body)
    {
        var doc = System.Xml.Linq.XDocument.Parse(body).Root!;
        var encrypt = doc.Element("Encrypt")!.Value;
        var expected = WechatSignature.Compute(token, doc.Element("TimeStamp")!.Value, doc.Element("Nonce")!.Value, encrypt);
        if (expected != doc.Element("MsgSignature")!.Value) throw new InvalidOperationException("Reply MsgSignature does not verify.");
        return _crypto.Decrypt(encrypt);
    }
}
