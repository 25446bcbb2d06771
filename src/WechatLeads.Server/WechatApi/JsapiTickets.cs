using System.Security.Cryptography;
using WechatLeads.Wechat.Api;
using WechatLeads.Wechat.Crypto;

namespace WechatLeads.Server.WechatApi;

/// <summary>What a page passes to <c>wx.config</c>: the account, a moment, a nonce, and the signature over them and the page's URL.</summary>
internal sealed record JsSdkConfig(string AppId, long Timestamp, string NonceStr, string Signature);

/// <summary>
/// The Official Account's JS-SDK ticket (<c>cgi-bin/ticket/getticket?type=jsapi</c>), shared by every instance
/// through the same encrypted store as the access token (key <c>jsapi:{appid}</c>), refreshed
/// <see cref="RefreshMargin"/> before it expires by one instance at a time under the store's lock. WeChat
/// rate-limits the call and asks for exactly this: one cached ticket, fetched again only when it runs out.
/// </summary>
internal sealed class JsapiTickets(
    [FromKeyedServices(WechatClientKeys.OfficialAccount)] WechatApiClient client, IAccessTokenStore store, TimeProvider time)
{
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);

    private string Key => "jsapi:" + client.Options.AppId;

    public async Task<string> GetAsync(CancellationToken ct)
    {
        if (Fresh(await store.GetAsync(Key, ct)) is { } ticket) return ticket;
        await using (await store.AcquireRefreshLockAsync(Key, LockTimeout, ct))
        {
            if (Fresh(await store.GetAsync(Key, ct)) is { } fetchedMeanwhile) return fetchedMeanwhile; // another instance refreshed it
            var answer = await client.ExecuteCgibinTicketGetTicketAsync("jsapi", ct);
            if (string.IsNullOrEmpty(answer.Ticket) || answer.ExpiresIn <= 0)
                throw new WechatApiException(WechatErrorCodes.Transport, "the ticket answer has no ticket or expires_in", "cgi-bin/ticket/getticket");
            await store.SaveAsync(Key, new CachedAccessToken(answer.Ticket, time.GetUtcNow().AddSeconds(answer.ExpiresIn)), ct);
            return answer.Ticket;
        }
    }

    /// <summary>A signed <c>wx.config</c> for the page at <paramref name="pageUrl"/> (absolute, as the browser shows it).</summary>
    public async Task<JsSdkConfig> SignAsync(string pageUrl, CancellationToken ct)
    {
        var ticket = await GetAsync(ct);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var nonce = RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 16);
        var signature = JsSdkSignature.Compute(ticket, nonce, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), pageUrl);
        return new JsSdkConfig(client.Options.AppId, timestamp, nonce, signature);
    }

    private string? Fresh(CachedAccessToken? stored) => stored is { } t && t.ExpiresAt - RefreshMargin > time.GetUtcNow() ? t.Value : null;
}
