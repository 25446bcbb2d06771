using WechatLeads.Server.Data;

namespace WechatLeads.Server.PhoneProof;

/// <summary>
/// Records a new code, inside the group-commit writer, only while the person and the number are under their
/// caps and the last code to that number is a minute old. Counting and inserting in one serialised step is
/// what makes the caps exact: SQLite has one writer; on PostgreSQL every instance's issuing takes one
/// transaction-scoped advisory lock, so two instances can't both see "4 of 5" and both send.
/// </summary>
internal sealed class IssuePhoneCodeWrite(PhoneVerification code) : IDurableWrite
{
    /// <summary>"WLPHCODE" as a number: the advisory lock all instances take while they count and issue.</summary>
    private const long IssueLock = 0x574C_5048_434F_4445;

    public enum Outcome { Issued, ResendTooSoon, NumberCapReached, PersonCapReached }

    public Outcome Result { get; private set; }

    /// <summary>When the person may ask again, for the refusals.</summary>
    public DateTime RetryAt { get; private set; }

    public async Task ApplyAsync(WriteBatch batch, CancellationToken ct)
    {
        if (batch.IsPostgres) await batch.ScalarAsync(PhoneCodeSql.TakeIssueLock, ct, IssueLock);
        var now = batch.Now;
        if (await LatestAsync(batch, PhoneCodeSql.LastToNumberFromPerson, ct, code.SubjectKey, code.PhoneIndex) is { } last && last > now - PhoneCodeRules.ResendAfter)
        {
            (Result, RetryAt) = (Outcome.ResendTooSoon, last + PhoneCodeRules.ResendAfter);
            return;
        }
        if (await CountAsync(batch, PhoneCodeSql.CountToNumberSince, ct, code.PhoneIndex, now.AddHours(-1)) >= PhoneCodeRules.PerNumberPerHour)
        {
            var oldest = await LatestAsync(batch, PhoneCodeSql.OldestToNumberSince, ct, code.PhoneIndex, now.AddHours(-1));
            (Result, RetryAt) = (Outcome.NumberCapReached, (oldest ?? now).AddHours(1));
            return;
        }
        if (await CountAsync(batch, PhoneCodeSql.CountFromPersonSince, ct, code.SubjectKey, now.AddDays(-1)) >= PhoneCodeRules.PerPersonPerDay)
        {
            var oldest = await LatestAsync(batch, PhoneCodeSql.OldestFromPersonSince, ct, code.SubjectKey, now.AddDays(-1));
            (Result, RetryAt) = (Outcome.PersonCapReached, (oldest ?? now).AddDays(1));
            return;
        }
        code.CreatedAt = now;
        code.ExpiresAt = now + PhoneCodeRules.Lifetime;
        await batch.ExecuteAsync(PhoneCodeSql.Insert, ct, code.Id, code.Purpose, code.SubjectKey, code.PhoneCipher, code.PhoneIndex, code.CodeHash,
            code.CreatedAt, code.ExpiresAt);
        Result = Outcome.Issued;
    }

    private static async Task<int> CountAsync(WriteBatch batch, string sql, CancellationToken ct, params object?[] values) =>
        Convert.ToInt32(await batch.ScalarAsync(sql, ct, values));

    private static async Task<DateTime?> LatestAsync(WriteBatch batch, string sql, CancellationToken ct, params object?[] values) =>
        (await batch.RowAsync(sql, r => new Moment(DateTime.SpecifyKind(r.GetDateTime(0), DateTimeKind.Utc)), ct, values))?.At;

    private sealed record Moment(DateTime At);
}

internal static class PhoneCodeSql
{
    public const string TakeIssueLock = "SELECT pg_advisory_xact_lock(@p0)";

    public const string LastToNumberFromPerson =
        "SELECT \"CreatedAt\" FROM \"PhoneVerifications\" WHERE \"SubjectKey\" = @p0 AND \"PhoneIndex\" = @p1 ORDER BY \"CreatedAt\" DESC LIMIT 1";

    public const string CountToNumberSince = "SELECT COUNT(*) FROM \"PhoneVerifications\" WHERE \"PhoneIndex\" = @p0 AND \"CreatedAt\" > @p1";

    public const string OldestToNumberSince =
        "SELECT \"CreatedAt\" FROM \"PhoneVerifications\" WHERE \"PhoneIndex\" = @p0 AND \"CreatedAt\" > @p1 ORDER BY \"CreatedAt\" LIMIT 1";

    public const string CountFromPersonSince = "SELECT COUNT(*) FROM \"PhoneVerifications\" WHERE \"SubjectKey\" = @p0 AND \"CreatedAt\" > @p1";

    public const string OldestFromPersonSince =
        "SELECT \"CreatedAt\" FROM \"PhoneVerifications\" WHERE \"SubjectKey\" = @p0 AND \"CreatedAt\" > @p1 ORDER BY \"CreatedAt\" LIMIT 1";

    public const string Insert =
        "INSERT INTO \"PhoneVerifications\" (\"Id\", \"Purpose\", \"SubjectKey\", \"PhoneCipher\", \"PhoneIndex\", \"CodeHash\", \"Attempts\", \"CreatedAt\", \"ExpiresAt\") " +
        "VALUES (@p0, @p1, @p2, @p3, @p4, @p5, 0, @p6, @p7)";

    /// <summary>Spends a checked code in the participation's own transaction: a code proves one participation, once.</summary>
    public const string Spend = "UPDATE \"PhoneVerifications\" SET \"UsedAt\" = @p1 WHERE \"Id\" = @p0 AND \"UsedAt\" IS NULL";
}
