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

    public const string InsertPerson =
        "INSERT INTO \"Persons\" (\"Id\", \"PhoneIndex\", \"PhoneCipher\", \"CreatedAt\") VALUES (@p0, @p1, @p2, @p3) " +
        "ON CONFLICT (\"PhoneIndex\") DO NOTHING";

    public const string FindPerson = "SELECT \"Id\" FROM \"Persons\" WHERE \"PhoneIndex\" = @p0";

    public const string InsertLead =
        "INSERT INTO \"Leads\" (\"Id\", \"CampaignId\", \"PersonId\", \"SubjectKey\", \"OpenId\", \"Channel\", \"Source\", \"Store\", " +
        "\"MarketingConsent\", \"CreatedAt\", \"ExpiresAt\") VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10) " +
        "ON CONFLICT (\"CampaignId\", \"PersonId\") DO NOTHING";

    public const string FindLead = "SELECT \"Id\" FROM \"Leads\" WHERE \"CampaignId\" = @p0 AND \"PersonId\" = @p1";

    public const string GrantLeadMarketing = "UPDATE \"Leads\" SET \"MarketingConsent\" = @p1 WHERE \"Id\" = @p0";

    /// <summary>Counts one draw for (campaign, who, day) only while the count is under the limit (@p3); 0 rows = limit reached.</summary>
    public const string CountDraw =
        "INSERT INTO \"DrawCounters\" (\"CampaignId\", \"SubjectKey\", \"Day\", \"Count\") VALUES (@p0, @p1, @p2, 1) " +
        "ON CONFLICT (\"CampaignId\", \"SubjectKey\", \"Day\") DO UPDATE SET \"Count\" = \"DrawCounters\".\"Count\" + 1 " +
        "WHERE \"DrawCounters\".\"Count\" < @p3";

    public const string TakePrize = "UPDATE \"Prizes\" SET \"Remaining\" = \"Remaining\" - 1 WHERE \"Id\" = @p0 AND \"Remaining\" > 0";

    public const string ReturnPrize = "UPDATE \"Prizes\" SET \"Remaining\" = \"Remaining\" + 1 WHERE \"Id\" = @p0";

    public const string ClaimCode =
        "UPDATE \"CouponCodes\" SET \"ParticipationId\" = @p0, \"AssignedAt\" = @p1 " +
        "WHERE \"Id\" = (SELECT \"Id\" FROM \"CouponCodes\" WHERE \"PoolId\" = @p2 AND \"ParticipationId\" IS NULL ORDER BY \"Id\" LIMIT 1) " +
        "AND \"ParticipationId\" IS NULL RETURNING \"Code\"";

    /// <summary>
    /// PostgreSQL: the free code is locked as it is chosen, and codes another instance has just locked are
    /// skipped rather than waited for — no queue behind one row, no deadlock with the prize row.
    /// </summary>
    public const string ClaimCodeSkipLocked =
        "UPDATE \"CouponCodes\" SET \"ParticipationId\" = @p0, \"AssignedAt\" = @p1 " +
        "WHERE \"Id\" = (SELECT \"Id\" FROM \"CouponCodes\" WHERE \"PoolId\" = @p2 AND \"ParticipationId\" IS NULL ORDER BY \"Id\" LIMIT 1 FOR UPDATE SKIP LOCKED) " +
        "AND \"ParticipationId\" IS NULL RETURNING \"Code\"";

    public const string AnyFreeCode = "SELECT \"Id\" FROM \"CouponCodes\" WHERE \"PoolId\" = @p0 AND \"ParticipationId\" IS NULL LIMIT 1";

    public const string InsertParticipation =
        "INSERT INTO \"Participations\" (\"Id\", \"CampaignId\", \"LeadId\", \"SubjectKey\", \"IdempotencyKey\", \"Outcome\", \"PrizeId\", " +
        "\"PrizeName\", \"CouponCode\", \"CouponExpiresAt\", \"Source\", \"Store\", \"CreatedAt\") " +
        "VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12)";

    public const string AppendConsent =
        "INSERT INTO \"ConsentEvents\" (\"SubjectKey\", \"OpenId\", \"Purpose\", \"Action\", \"Scope\", \"PolicyVersion\", \"PolicyHash\", " +
        "\"Channel\", \"Source\", \"Ip\", \"UserAgent\", \"OccurredAt\") VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11)";

    public const string ClearOptOut = "UPDATE \"Followers\" SET \"MarketingOptOut\" = @p1 WHERE \"OpenId\" = @p0";
}
