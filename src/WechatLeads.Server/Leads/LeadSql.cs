namespace WechatLeads.Server.Leads;

/// <summary>
/// How a participation writes the people, leads, participations and draw counters this folder owns, inside the
/// group-commit writer (see <c>Participation/ParticipationWrite.cs</c>). Plain SQL that SQLite (3.35+) and
/// PostgreSQL both run: <c>ON CONFLICT</c> upserts, conditional updates, <c>RETURNING</c>; parameters are named
/// after the column they fill.
/// </summary>
internal static class LeadSql
{
    public const string FindByIdempotencyKey =
        """
        SELECT "Id", "Outcome", "PrizeName", "CouponCode", "CouponExpiresAt" FROM "Participations"
        WHERE "CampaignId" = @CampaignId AND "SubjectKey" = @SubjectKey AND "IdempotencyKey" = @IdempotencyKey
        """;

    // The upserts return the row's id themselves (new or existing) rather than being followed by a SELECT.

    /// <summary>The proven person for a phone number, made on first sight; returns its id. The no-op update makes RETURNING answer on conflict too.</summary>
    public const string UpsertProvenPerson =
        """
        INSERT INTO "Persons" ("Id", "PhoneIndex", "PhoneCipher", "CreatedAt", "Proven") VALUES (@Id, @PhoneIndex, @PhoneCipher, @CreatedAt, TRUE)
        ON CONFLICT ("PhoneIndex", "Proven") DO UPDATE SET "PhoneIndex" = excluded."PhoneIndex" RETURNING "Id"
        """;

    /// <summary>
    /// The proven person of @PhoneIndex, looked up in SQL: the statements after <see cref="UpsertProvenPerson"/> travel
    /// with it in one round trip (<c>WriteBatch.RunTogether</c>), before its answer is back.
    /// </summary>
    private const string ProvenPersonOfPhone = """(SELECT "Id" FROM "Persons" WHERE "PhoneIndex" = @PhoneIndex AND "Proven" = TRUE)""";

    /// <summary>
    /// The lead of @PhoneIndex's proven person in the campaign, made on first participation; a marketing consent given now
    /// is added, never taken away.
    /// </summary>
    public const string UpsertLead =
        $$"""
        INSERT INTO "Leads" ("Id", "CampaignId", "PersonId", "SubjectKey", "OpenId", "Channel", "Source", "Store",
            "MarketingConsent", "CreatedAt", "ExpiresAt", "PhoneProof")
        VALUES (@Id, @CampaignId, {{ProvenPersonOfPhone}}, @SubjectKey, @OpenId, @Channel, @Source, @Store,
            @MarketingConsent, @CreatedAt, @ExpiresAt, @PhoneProof)
        ON CONFLICT ("CampaignId", "PersonId") DO UPDATE SET "MarketingConsent" = "Leads"."MarketingConsent" OR excluded."MarketingConsent"
        RETURNING "Id"
        """;

    /// <summary>
    /// Counts one draw for (campaign, day) against both the WeChat identity (@Subject) and @PhoneIndex's proven person
    /// ("p:" + its id), each only while its count is under the limit: rows affected below 2 = a limit reached.
    /// </summary>
    public const string CountDraw =
        $$"""
        INSERT INTO "DrawCounters" ("CampaignId", "SubjectKey", "Day", "Count")
        VALUES (@CampaignId, @Subject, @Day, 1), (@CampaignId, 'p:' || {{ProvenPersonOfPhone}}, @Day, 1)
        ON CONFLICT ("CampaignId", "SubjectKey", "Day") DO UPDATE SET "Count" = "DrawCounters"."Count" + 1
        WHERE "DrawCounters"."Count" < @Limit
        """;

    /// <summary>One counter of (campaign, key, window), moved only while under the limit: 0 rows = the limit reached.</summary>
    public const string CountOne =
        """
        INSERT INTO "DrawCounters" ("CampaignId", "SubjectKey", "Day", "Count") VALUES (@CampaignId, @Key, @Window, 1)
        ON CONFLICT ("CampaignId", "SubjectKey", "Day") DO UPDATE SET "Count" = "DrawCounters"."Count" + 1
        WHERE "DrawCounters"."Count" < @Limit
        """;

    public const string InsertParticipation =
        """
        INSERT INTO "Participations" ("Id", "CampaignId", "LeadId", "SubjectKey", "IdempotencyKey", "Outcome", "PrizeId",
            "PrizeName", "CouponCode", "CouponExpiresAt", "Source", "Store", "CreatedAt", "RiskRank", "RiskAction",
            "RulesVersion", "DrawRoll", "DrawTotal", "CandidatePrizeId")
        VALUES (@Id, @CampaignId, @LeadId, @SubjectKey, @IdempotencyKey, @Outcome, @PrizeId,
            @PrizeName, @CouponCode, @CouponExpiresAt, @Source, @Store, @CreatedAt, @RiskRank, @RiskAction,
            @RulesVersion, @DrawRoll, @DrawTotal, @CandidatePrizeId)
        """;
}
