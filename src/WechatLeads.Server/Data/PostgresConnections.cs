using Npgsql;

namespace WechatLeads.Server.Data;

/// <summary>
/// Npgsql pools up to 100 connections per connection string, and PostgreSQL's default max_connections is
/// 100 for the whole server: two instances under a burst would take every slot and fail requests with
/// 53300. Unless the connection string says otherwise, each pool here is bounded, so a burst waits for a
/// pooled connection instead; size <c>instances × (Database:MaxPoolSize + Hangfire pool)</c> below the
/// server's max_connections.
/// Unless it says otherwise too, statements are prepared (Npgsql's auto-prepare: the hot statements are parsed and
/// planned once per connection) and, where <c>resetOnClose</c> is false, a connection returned to the pool is not
/// reset (seven statements per return): the app's own pool changes no session state.
/// </summary>
internal static class PostgresConnections
{
    public static string Bounded(string connectionString, int maxPoolSize, string applicationName, bool resetOnClose = true)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Mentions(connectionString, "Maximum Pool Size", "Max Pool Size", "MaxPoolSize")) builder.MaxPoolSize = maxPoolSize;
        if (!Mentions(connectionString, "Application Name", "ApplicationName")) builder.ApplicationName = applicationName;
        if (!Mentions(connectionString, "Max Auto Prepare", "MaxAutoPrepare")) builder.MaxAutoPrepare = 128;
        if (!resetOnClose && !Mentions(connectionString, "No Reset On Close", "NoResetOnClose")) builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    private static bool Mentions(string connectionString, params string[] keys) =>
        connectionString.Split(';').Select(part => part.Split('=')[0].Trim())
            .Any(key => keys.Any(k => key.Equals(k, StringComparison.OrdinalIgnoreCase)));
}
