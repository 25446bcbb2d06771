using System.Text;
using Microsoft.Data.Sqlite;

namespace WechatLeads.Bench;

/// <summary>
/// Fills a stopped server's SQLite file with issued coupons (a code row and a wallet row each, codes
/// <c>R-000000000</c>…) so the redemption benchmark runs against a million of them, and writes the till's
/// requests: one distinct coupon and Idempotency-Key per request. The coupons' leads do not exist (nothing
/// to decrypt: the seeded phone ciphertexts are random), so the masked-phone lookup finds nothing, in one
/// index probe as for a real one.
/// </summary>
internal static class CouponSeeder
{
    public static int Seed(string dbFile, int count)
    {
        using var connection = new SqliteConnection($"Data Source={dbFile}");
        connection.Open();
        using var tx = connection.BeginTransaction();
        long Scalar(string sql)
        {
            using var c = connection.CreateCommand();
            c.Transaction = tx;
            c.CommandText = sql;
            return Convert.ToInt64(c.ExecuteScalar());
        }
        var campaignId = Scalar("SELECT \"Id\" FROM \"Campaigns\" WHERE \"Slug\" = 'spring-coupon'");
        var now = DateTime.UtcNow;
        var poolId = Scalar($"INSERT INTO \"CouponPools\" (\"Name\", \"CreatedAt\") VALUES ('bench redemption', '{now:yyyy-MM-dd HH:mm:ss}') RETURNING \"Id\"");
        using var code = connection.CreateCommand();
        code.Transaction = tx;
        code.CommandText = "INSERT INTO \"CouponCodes\" (\"PoolId\", \"Code\", \"ParticipationId\", \"AssignedAt\") VALUES ($pool, $code, $id, $now) " +
            "RETURNING \"Id\"";
        using var coupon = connection.CreateCommand();
        coupon.Transaction = tx;
        coupon.CommandText = "INSERT INTO \"Coupons\" (\"Id\", \"CampaignId\", \"LeadId\", \"SubjectKey\", \"CodeId\", \"Code\", \"State\", \"IssuedAt\", " +
            "\"ValidFrom\", \"ValidUntil\", \"Stores\", \"RedeemHours\") VALUES ($id, $campaign, $lead, $subject, $codeId, $code, 'issued', $now, $now, " +
            "$until, '', '')";
        foreach (var name in new[] { "$pool", "$code", "$id", "$now" }) code.Parameters.Add(new SqliteParameter(name, null));
        foreach (var name in new[] { "$id", "$campaign", "$lead", "$subject", "$codeId", "$code", "$now", "$until" })
            coupon.Parameters.Add(new SqliteParameter(name, null));
        for (var i = 0; i < count; i++)
        {
            var id = Guid.CreateVersion7().ToString("N");
            var text = $"R-{i:D9}";
            (
                code.Parameters["$pool"].Value,
                code.Parameters["$code"].Value,
                code.Parameters["$id"].Value,
                code.Parameters["$now"].Value) = (poolId, text, id, now);
            var codeId = Convert.ToInt64(code.ExecuteScalar());
            coupon.Parameters["$id"].Value = id;
            coupon.Parameters["$campaign"].Value = campaignId;
            coupon.Parameters["$lead"].Value = Guid.CreateVersion7().ToString("N");
            coupon.Parameters["$subject"].Value = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            coupon.Parameters["$codeId"].Value = codeId;
            coupon.Parameters["$code"].Value = text;
            coupon.Parameters["$now"].Value = now;
            coupon.Parameters["$until"].Value = now.AddDays(30);
            coupon.ExecuteNonQuery();
        }
        tx.Commit();
        return count;
    }

    /// <summary>Redemption requests for coupons <paramref name="from"/> .. from+count-1, each with its own Idempotency-Key.</summary>
    public static void WriteRequests(string key, string store, int from, int count, string outFile)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        using var writer = new StreamWriter(outFile, false, new UTF8Encoding(false));
        for (var i = from; i < from + count; i++)
            writer.Write($"/api/redemptions\tAuthorization: Bearer {key}|Content-Type: application/json|Idempotency-Key: bench-{run}-{i}\t" +
                $"{{\"code\":\"R-{i:D9}\",\"store\":\"{store}\",\"orderId\":\"order-{i}\",\"amount\":25.50}}\n");
    }

    /// <summary>"&lt;redemptions&gt; &lt;coupons redeemed&gt; &lt;coupons redeemed twice&gt;" — the last must be 0.</summary>
    public static string Redeemed(string dbFile)
    {
        using var connection = new SqliteConnection($"Data Source={dbFile}");
        connection.Open();
        using var c = connection.CreateCommand();
        c.CommandText = "SELECT (SELECT COUNT(*) FROM \"Redemptions\"), (SELECT COUNT(*) FROM \"Coupons\" WHERE \"State\" = 'redeemed'), " +
            "(SELECT COUNT(*) FROM (SELECT \"CouponId\" FROM \"Redemptions\" WHERE \"ReversedAt\" IS NULL GROUP BY \"CouponId\" HAVING COUNT(*) > 1))";
        using var r = c.ExecuteReader();
        r.Read();
        return $"{r.GetInt64(0)} {r.GetInt64(1)} {r.GetInt64(2)}";
    }
}
