using System.Security.Cryptography;
using WechatLeads.Wechat.Api;
using WechatLeads.Wechat.Crypto;

namespace WechatLeads.Server.WechatApi;

/// <summary>What a page passes to <c>wx.config</c>: the account, a moment, a nonce, and the signature over them and the page's URL.</summary>
public sealed record JsSdkConfig(string AppId, long Timestamp, string NonceStr, string Signature);

/// <summary>
/// The Official Account's JS-SDK ticket (<c>cgi-bin/ticket/getticket?type=jsapi</c>), cached per instance until
/// <see cref="RefreshMargin"/> before it expires and fetched by one caller at a time. WeChat rate-limits the call
/// and asks for a cache; unlike the classic access token, fetching a new ticket does not end the old one, so
/// each instance may keep its own (a handful of fetches per instance every two hours, far inside the quota).
/// </summary>
public sealed class JsapiTickets([FromKeyedServices(WechatClientKeys.OfficialAccount)] WechatApiClient client, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(10);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Ticket, DateTimeOffset ExpiresAt)? _cached;

    public async Task<string> GetAsync(CancellationToken ct)
    {
        if (Fresh() is { } ticket) return ticket;
        await _gate.WaitAsync(ct);
        try
        {
            if (Fresh() is { } fetchedMeanwhile) return fetchedMeanwhile;
            var answer = await client.ExecuteCgibinTicketGetTicketAsync("jsapi", ct);
            if (string.IsNullOrEmpty(answer.Ticket) || answer.ExpiresIn <= 0)
                throw new WechatApiException(WechatErrorCodes.Transport, "the ticket answer has no ticket or expires_in", "cgi-bin/ticket/getticket");
            _cached = (answer.Ticket, time.GetUtcNow().AddSeconds(answer.ExpiresIn));
            return answer.Ticket;
        }
        finally
        {
            _gate.Release();
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

    private string? Fresh()
    {
        var cached = _cached;
        return cached is { } c && c.ExpiresAt - RefreshMargin > time.GetUtcNow() ? c.Ticket : null;
    }

    public void Dispose() => _gate.Dispose();
}
