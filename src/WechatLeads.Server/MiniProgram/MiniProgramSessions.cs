using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Security;
using WechatLeads.Server.WechatApi;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Server.MiniProgram;

/// <summary>wx.login code → jscode2session → our own opaque session token.</summary>
internal sealed class MiniProgramSessions(
    LeadsDbContext db, FieldCipher cipher, SessionMac macs, TimeProvider time, SessionLookup lookup,
    [FromKeyedServices(WechatClientKeys.MiniProgram)] WechatApiClient wechat, RefusalLog refusals)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);
    private const string Purpose = "mp-session-key";

    public sealed record Login(string Token, DateTime ExpiresAt);

    public const string RefusedKind = "mini-program login code";

    /// <summary>WeChat could not answer the code exchange now: the client signs in again a little later.</summary>
    public static readonly ApiProblem WechatUnavailable = new(503, ProblemCodes.WechatLoginUnavailable, "微信暂时无法完成登录，请稍后再试。");

    /// <summary>Null when the code cannot be one (wrong shape: WeChat is not asked) or WeChat refuses it (invalid, used, expired).</summary>
    public async Task<Login?> LoginAsync(string code, CancellationToken cancellationToken)
    {
        if (!WechatCodes.IsWellFormed(code))
        {
            refusals.Refused(RefusedKind, "malformed");
            return null;
        }
        SnsJsCode2SessionResponse result;
        try
        {
            result = await wechat.ExecuteSnsJsCode2SessionAsync(code, cancellationToken);
        }
        catch (WechatApiException e) when (e.ErrorCode is WechatErrorCodes.InvalidCode or WechatErrorCodes.CodeBeenUsed or 40226)
        {
            // Normal now and then (a reused or stale code); a run of them means a wrong AppId or a replaying client.
            // Counted, not a line each: anyone can send codes.
            refusals.Refused(RefusedKind, "WeChat errcode " + e.ErrorCode);
            return null;
        }
        catch (WechatApiException e)
        {
            // WeChat couldn't answer (unreachable, busy past the retries, its own quotas): a "try again later" for the
            // client, never a 500. Counted like the refusals: while WeChat is down, a line per login would be a flood.
            refusals.Refused(RefusedKind, "WeChat unavailable, errcode " + e.ErrorCode);
            throw new ApiProblemException(WechatUnavailable);
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = time.GetUtcNow().UtcDateTime;
        var session = new MiniProgramSession
        {
            Id = Ids.New(),
            TokenHash = HashToken(token),
            OpenId = result.OpenId!,
            SessionKeyCipher = cipher.Encrypt(result.SessionKey!, Purpose),
            CreatedAt = now,
            ExpiresAt = SessionMac.Truncate(now + Lifetime),
        };
        session.Mac = macs.Compute(session.Id, session.TokenHash, session.OpenId, session.ExpiresAt);
        db.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        // A client signs in to take part a moment later, usually on this same instance: it need not look the session up again.
        lookup.Remember(session);
        return new Login(token, session.ExpiresAt);
    }

    public async Task<string?> SessionKeyAsync(string sessionId, CancellationToken cancellationToken)
    {
        var session = await db.Set<MiniProgramSession>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        return session is null ? null : cipher.Decrypt(session.SessionKeyCipher, Purpose);
    }

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
