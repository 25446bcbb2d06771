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
        if (batch.IsPostgres) await batch.ScalarAsync(PhoneCodeSql.TakeIssueLock, new { Lock = IssueLock }, ct);
        var now = batch.Now;
        if (await LatestAsync(batch, PhoneCodeSql.LastToNumberFromPerson, new { code.SubjectKey, code.PhoneIndex }, ct) is { } last
            && last > now - PhoneCodeRules.ResendAfter)
        {
            (Result, RetryAt) = (Outcome.ResendTooSoon, last + PhoneCodeRules.ResendAfter);
            return;
        }
        if (await CountAsync(batch, PhoneCodeSql.CountToNumberSince, new { code.PhoneIndex, Since = now.AddHours(-1) }, ct) >= PhoneCodeRules.PerNumberPerHour)
        {
            var oldest = await LatestAsync(batch, PhoneCodeSql.OldestToNumberSince, new { code.PhoneIndex, Since = now.AddHours(-1) }, ct);
            (Result, RetryAt) = (Outcome.NumberCapReached, (oldest ?? now).AddHours(1));
            return;
        }
        if (await CountAsync(batch, PhoneCodeSql.CountFromPersonSince, new { code.SubjectKey, Since = now.AddDays(-1) }, ct) >= PhoneCodeRules.PerPersonPerDay)
        {
            var oldest = await LatestAsync(batch, PhoneCodeSql.OldestFromPersonSince, new { code.SubjectKey, Since = now.AddDays(-1) }, ct);
            (Result, RetryAt) = (Outcome.PersonCapReached, (oldest ?? now).AddDays(1));
            return;
        }
        code.CreatedAt = now;
        code.ExpiresAt = now + PhoneCodeRules.Lifetime;
        await batch.ExecuteAsync(PhoneCodeSql.Insert,
            new { code.Id, code.Purpose, code.SubjectKey, code.PhoneCipher, code.PhoneIndex, code.CodeHash, code.CreatedAt, code.ExpiresAt }, ct);
        Result = Outcome.Issued;
    }

    private static async Task<int> CountAsync(WriteBatch batch, string sql, object parameters, CancellationToken ct) =>
        Convert.ToInt32(await batch.ScalarAsync(sql, parameters, ct));

    private static async Task<DateTime?> LatestAsync(WriteBatch batch, string sql, object parameters, CancellationToken ct) =>
        (await batch.RowAsync(sql, parameters, r => new Moment(DateTime.SpecifyKind(r.GetDateTime(0), DateTimeKind.Utc)), ct))?.At;

    private sealed record Moment(DateTime At);
}

internal static class PhoneCodeSql
{
    public const string TakeIssueLock = "SELECT pg_advisory_xact_lock(@Lock)";

    public const string LastToNumberFromPerson =
        """
        SELECT "CreatedAt" FROM "PhoneVerifications" WHERE "SubjectKey" = @SubjectKey AND "PhoneIndex" = @PhoneIndex
        ORDER BY "CreatedAt" DESC LIMIT 1
        """;

    public const string CountToNumberSince =
        """SELECT COUNT(*) FROM "PhoneVerifications" WHERE "PhoneIndex" = @PhoneIndex AND "CreatedAt" > @Since""";

    public const string OldestToNumberSince =
        """SELECT "CreatedAt" FROM "PhoneVerifications" WHERE "PhoneIndex" = @PhoneIndex AND "CreatedAt" > @Since ORDER BY "CreatedAt" LIMIT 1""";

    public const string CountFromPersonSince =
        """SELECT COUNT(*) FROM "PhoneVerifications" WHERE "SubjectKey" = @SubjectKey AND "CreatedAt" > @Since""";

    public const string OldestFromPersonSince =
        """SELECT "CreatedAt" FROM "PhoneVerifications" WHERE "SubjectKey" = @SubjectKey AND "CreatedAt" > @Since ORDER BY "CreatedAt" LIMIT 1""";

    public const string Insert =
        """
        INSERT INTO "PhoneVerifications" ("Id", "Purpose", "SubjectKey", "PhoneCipher", "PhoneIndex", "CodeHash", "Attempts", "CreatedAt", "ExpiresAt")
        VALUES (@Id, @Purpose, @SubjectKey, @PhoneCipher, @PhoneIndex, @CodeHash, 0, @CreatedAt, @ExpiresAt)
        """;

    private const string Spend = """UPDATE "PhoneVerifications" SET "UsedAt" = @UsedAt WHERE "Id" = @Id AND "UsedAt" IS NULL""";

    /// <summary>Spends a checked code in the participation's own transaction: a code proves one participation, once. 0 rows = already spent.</summary>
    public static Step SpendStep(string verificationId, DateTime now) => Step.Execute(Spend, new { Id = verificationId, UsedAt = now });
}
