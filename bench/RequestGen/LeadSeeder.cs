using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace WechatLeads.Bench;

/// <summary>
/// Fills a stopped server's SQLite file with stored leads — a person (blind index, ciphertext), a lead, a
/// participation and a consent, each with random keys as real ones have — so the participation benchmark
/// can be run against 10 thousand and against a million of them. Written straight to the file because a
/// million through the API would take longer than the benchmark.
/// </summary>
internal static class LeadSeeder
{
    public static int Seed(string dbFile, int count)
    {
        using var connection = new SqliteConnection($"Data Source={dbFile}");
        connection.Open();
        var campaignId = Scalar(connection, "SELECT \"Id\" FROM \"Campaigns\" WHERE \"Slug\" = 'spring-coupon'");
        var now = DateTime.UtcNow;
        using var tx = connection.BeginTransaction();
        var person = Command(
            connection,
            tx,
            "INSERT INTO \"Persons\" (\"Id\", \"PhoneIndex\", \"PhoneCipher\", \"CreatedAt\") VALUES ($id, $index, $cipher, $now)");
        var lead = Command(
            connection,
            tx,
            "INSERT INTO \"Leads\" (\"Id\", \"CampaignId\", \"PersonId\", \"SubjectKey\", \"OpenId\", \"Channel\", \"Source\", " +
            "\"MarketingConsent\", \"CreatedAt\", \"ExpiresAt\") VALUES ($lead, $campaign, $id, $subject, $openid, 'miniprogram', 'seed', 1, $now, $expires)");
        var participation = Command(connection, tx, "INSERT INTO \"Participations\" (\"Id\", \"CampaignId\", \"LeadId\", \"SubjectKey\", \"IdempotencyKey\", " +
            "\"Outcome\", \"Source\", \"CreatedAt\") VALUES ($participation, $campaign, $lead, $subject, $key, 'coupon', 'seed', $now)");
        var consent = Command(
            connection,
            tx,
            "INSERT INTO \"ConsentEvents\" (\"SubjectKey\", \"OpenId\", \"Purpose\", \"Action\", \"Scope\", \"PolicyVersion\", " +
            "\"Channel\", \"OccurredAt\") VALUES ($subject, $openid, 'service', 'granted', 'spring-coupon', '2026-11', 'miniprogram', $now)");
        foreach (var c in new[] { person, lead, participation, consent })
            foreach (var name in new[] {
                "$id",
                "$index",
                "$cipher",
                "$now",
                "$lead",
                "$campaign",
                "$subject",
                "$openid",
                "$expires",
                "$participation",
                "$key" })
                if (c.CommandText.Contains(name, StringComparison.Ordinal)) c.Parameters.Add(new SqliteParameter(name, null));
        for (var i = 0; i < count; i++)
        {
            var values = new Dictionary<string, object>
            {
                ["$id"] = Guid.CreateVersion7().ToString("N"),
                ["$index"] = RandomNumberGenerator.GetHexString(64, true),
                ["$cipher"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
                ["$now"] = now,
                ["$lead"] = Guid.CreateVersion7().ToString("N"),
                ["$campaign"] = campaignId,
                ["$subject"] = RandomNumberGenerator.GetHexString(64, true),
                ["$openid"] = "oseed" + RandomNumberGenerator.GetHexString(23, true),
                ["$expires"] = now.AddDays(180),
                ["$participation"] = Guid.CreateVersion7().ToString("N"),
                ["$key"] = "seed:" + i,
            };
            foreach (var c in new[] { person, lead, participation, consent })
            {
                foreach (SqliteParameter p in c.Parameters) p.Value = values[p.ParameterName];
                c.ExecuteNonQuery();
            }
        }
        tx.Commit();
        return count;
    }

    /// <summary>What zero over-issue means, counted: codes against participations, no code twice, no one over the limit.</summary>
    public static string Issued(string dbFile, string slug)
    {
        using var connection = new SqliteConnection($"Data Source={dbFile}");
        connection.Open();
        var id = Scalar(connection, $"SELECT \"Id\" FROM \"Campaigns\" WHERE \"Slug\" = '{slug.Replace("'", "")}'");
        var participations = Scalar(connection, $"SELECT COUNT(*) FROM \"Participations\" WHERE \"CampaignId\" = {id}");
        var issued = Scalar(
            connection,
            $"SELECT COUNT(*) FROM \"CouponCodes\" c JOIN \"Campaigns\" k ON k.\"CouponPoolId\" = c.\"PoolId\" WHERE k.\"Id\" = {id} AND " +
            $"c.\"ParticipationId\" IS NOT NULL");
        var twice = Scalar(
            connection,
            $"SELECT COUNT(*) FROM (SELECT \"CouponCode\" FROM \"Participations\" WHERE \"CampaignId\" = {id} AND \"CouponCode\" IS NOT NULL GROUP BY " +
            $"\"CouponCode\" HAVING COUNT(*) > 1)");
        var over = Scalar(
            connection,
            $"SELECT COUNT(*) FROM (SELECT \"SubjectKey\" FROM \"Participations\" WHERE \"CampaignId\" = {id} GROUP BY \"SubjectKey\" HAVING COUNT(*) > 1)");
        return $"{participations} {issued} {twice} {over}";
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }
}
