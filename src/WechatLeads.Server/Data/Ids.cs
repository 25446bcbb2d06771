namespace WechatLeads.Server.Data;

/// <summary>
/// Row ids made in process: time-ordered (UUID v7) and stored as 32 hex characters, which both SQLite and
/// PostgreSQL compare the same way whether EF or raw SQL wrote them.
/// </summary>
internal static class Ids
{
    public static string New() => Guid.CreateVersion7().ToString("N");
}
