using WechatLeads.Server.Data;
using WechatLeads.Server.Security;

namespace WechatLeads.Server.MiniProgram;

/// <summary>
/// Finds the session behind a bearer token for every mini-program request: from <see cref="SessionTokenCache"/>
/// when this instance has seen it within seconds, otherwise with one indexed query on a pooled connection —
/// no DbContext, which on this path cost more than the participation's own share of the request.
/// </summary>
internal sealed class SessionLookup(DirectConnections connections, SessionTokenCache recent, SubjectHasher hasher, SessionMac macs, TimeProvider time)
{
    private const string ByTokenHash =
        "SELECT \"Id\", \"OpenId\", \"ExpiresAt\", \"Mac\" FROM \"MiniProgramSessions\" WHERE \"TokenHash\" = @TokenHash AND \"ExpiresAt\" > @Now";

    /// <summary>Null for an unknown, expired or erased session.</summary>
    public async Task<SessionTokenCache.VerifiedSession?> FindAsync(string token, CancellationToken cancellationToken)
    {
        var tokenHash = MiniProgramSessions.HashToken(token);
        if (recent.Find(tokenHash) is { } known) return known;

        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = ByTokenHash;
        command.AddParameter("@TokenHash", tokenHash);
        command.AddParameter("@Now", time.GetUtcNow().UtcDateTime);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var (id, openId, expiresAt) = (reader.GetString(0), reader.GetString(1), DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc));
        // A row written or changed by anyone without Security:EncryptionKey (a planted session, another openid) is no session.
        if (!macs.Verifies(id, tokenHash, openId, expiresAt, reader.IsDBNull(3) ? null : reader.GetString(3))) return null;
        var session = Verified(id, openId, expiresAt);
        recent.Remember(tokenHash, session);
        return session;
    }

    /// <summary>A session just made here: its client takes part a moment later, usually on this instance.</summary>
    public void Remember(MiniProgramSession session) =>
        recent.Remember(session.TokenHash, Verified(session.Id, session.OpenId, session.ExpiresAt));

    private SessionTokenCache.VerifiedSession Verified(string id, string openId, DateTime expiresAt) =>
        new(id, openId, hasher.HashOpenId(openId), expiresAt);
}
