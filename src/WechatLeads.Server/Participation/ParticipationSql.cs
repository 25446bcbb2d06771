namespace WechatLeads.Server.Participation;

/// <summary>
/// The statements behind <see cref="ParticipationWrite"/>. Plain SQL that SQLite (3.35+) and PostgreSQL
/// both run: <c>ON CONFLICT</c> upserts, conditional updates, <c>RETURNING</c>.
/// </summary>
internal static class ParticipationSql
{
    public const string FindByIdempotencyKey =
        "SELECT \"Id\", \"Outcome\", \"PrizeName\", \"CouponCode\", \"CouponExpiresAt\" FROM \"Participations\" " +
        "WHERE \"CampaignId\" = @p0 AND \"SubjectKey\" = @p1 AND \"IdempotencyKey\" = @p2";

    // Each statement below is one of a participation's ~10 round trips through the single writer, so the
    // upserts return the row's id themselves (new or existing) rather than being followed by a SELECT.

    /// <summary>The proven person for a phone number, made on first sight; returns its id. The no-op update makes RETURNING answer on conflict too.</summary>
    public const string UpsertProvenPerson =
        "INSERT INTO \"Persons\" (\"Id\", \"PhoneIndex\", \"PhoneCipher\", \"CreatedAt\", \"Proven\") VALUES (@p0, @p1, @p2, @p3, TRUE) " +
        "ON CONFLICT (\"PhoneIndex\", \"Proven\") DO UPDATE SET \"PhoneIndex\" = excluded.\"PhoneIndex\" RETURNING \"Id\"";

    /// <summary>The person's lead in the campaign, made on first participation; a marketing consent given now is added, never taken away.</summary>
    public const string UpsertLead =
        "INSERT INTO \"Leads\" (\"Id\", \"CampaignId\", \"PersonId\", \"SubjectKey\", \"OpenId\", \"Channel\", \"Source\", \"Store\", " +
        "\"MarketingConsent\", \"CreatedAt\", \"ExpiresAt\", \"PhoneProof\") VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11) " +
        "ON CONFLICT (\"CampaignId\", \"PersonId\") DO UPDATE SET \"MarketingConsent\" = \"Leads\".\"MarketingConsent\" OR excluded.\"MarketingConsent\" " +
        "RETURNING \"Id\"";

    /// <summary>
    /// Counts one draw for (campaign, day @p2) against both the WeChat identity (@p1) and the phone's person
    /// (@p3), each only while its count is under the limit (@p4): rows affected below 2 = a limit reached.
    /// </summary>
    public const string CountDraw =
        "INSERT INTO \"DrawCounters\" (\"CampaignId\", \"SubjectKey\", \"Day\", \"Count\") VALUES (@p0, @p1, @p2, 1), (@p0, @p3, @p2, 1) " +
        "ON CONFLICT (\"CampaignId\", \"SubjectKey\", \"Day\") DO UPDATE SET \"Count\" = \"DrawCounters\".\"Count\" + 1 " +
        "WHERE \"DrawCounters\".\"Count\" < @p4";

    /// <summary>One counter of (campaign @p0, key @p1, window @p2), moved only while under @p3: 0 rows = the limit reached.</summary>
    public const string CountOne =
        "INSERT INTO \"DrawCounters\" (\"CampaignId\", \"SubjectKey\", \"Day\", \"Count\") VALUES (@p0, @p1, @p2, 1) " +
        "ON CONFLICT (\"CampaignId\", \"SubjectKey\", \"Day\") DO UPDATE SET \"Count\" = \"DrawCounters\".\"Count\" + 1 " +
        "WHERE \"DrawCounters\".\"Count\" < @p3";

    // A participation's savepoint: one at a time, always released (or rolled back to and released) before the next.
    public const string Savepoint = "SAVEPOINT participation";
    public const string ReleaseSavepoint = "RELEASE SAVEPOINT participation";
    public const string RollBackToSavepoint = "ROLLBACK TO SAVEPOINT participation";

    public const string TakePrize = "UPDATE \"Prizes\" SET \"Remaining\" = \"Remaining\" - 1 WHERE \"Id\" = @p0 AND \"Remaining\" > 0";

    public const string ReturnPrize = "UPDATE \"Prizes\" SET \"Remaining\" = \"Remaining\" + 1 WHERE \"Id\" = @p0";

    public const string ClaimCode =
        "UPDATE \"CouponCodes\" SET \"ParticipationId\" = @p0, \"AssignedAt\" = @p1 " +
        "WHERE \"Id\" = (SELECT \"Id\" FROM \"CouponCodes\" WHERE \"PoolId\" = @p2 AND \"ParticipationId\" IS NULL ORDER BY \"Id\" LIMIT 1) " +
        "AND \"ParticipationId\" IS NULL RETURNING \"Id\", \"Code\"";

    /// <summary>
    /// PostgreSQL: the free code is locked as it is chosen, and codes another instance has just locked are
    /// skipped rather than waited for — no queue behind one row, no deadlock with the prize row.
    /// </summary>
    public const string ClaimCodeSkipLocked =
        "UPDATE \"CouponCodes\" SET \"ParticipationId\" = @p0, \"AssignedAt\" = @p1 " +
        "WHERE \"Id\" = (SELECT \"Id\" FROM \"CouponCodes\" WHERE \"PoolId\" = @p2 AND \"ParticipationId\" IS NULL ORDER BY \"Id\" LIMIT 1 FOR UPDATE SKIP LOCKED) " +
        "AND \"ParticipationId\" IS NULL RETURNING \"Id\", \"Code\"";

    public const string AnyFreeCode = "SELECT \"Id\" FROM \"CouponCodes\" WHERE \"PoolId\" = @p0 AND \"ParticipationId\" IS NULL LIMIT 1";

    public const string InsertParticipation =
        "INSERT INTO \"Participations\" (\"Id\", \"CampaignId\", \"LeadId\", \"SubjectKey\", \"IdempotencyKey\", \"Outcome\", \"PrizeId\", " +
        "\"PrizeName\", \"CouponCode\", \"CouponExpiresAt\", \"Source\", \"Store\", \"CreatedAt\", \"RiskRank\", \"RiskAction\", " +
        "\"RulesVersion\", \"DrawRoll\", \"DrawTotal\", \"CandidatePrizeId\") " +
        "VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15, @p16, @p17, @p18)";

    /// <summary>The service consent, and the marketing consent when given, as one statement.</summary>
    public static readonly Data.MultiRowStatement AppendConsents = new(
        "INSERT INTO \"ConsentEvents\" (\"SubjectKey\", \"OpenId\", \"Purpose\", \"Action\", \"Scope\", \"PolicyVersion\", \"PolicyHash\", " +
        "\"Channel\", \"Source\", \"Ip\", \"UserAgent\", \"OccurredAt\") VALUES", 12);

    public const string ClearOptOut = "UPDATE \"Followers\" SET \"MarketingOptOut\" = @p1 WHERE \"OpenId\" = @p0";
}
