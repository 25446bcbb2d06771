using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Data;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Platform;

namespace WechatLeads.Server.Participation;

/// <summary>
/// One participation, applied inside the group-commit writer's transaction under a savepoint, so a
/// refusal (limit reached, sold out) undoes its own partial writes and nothing else. Every invariant is
/// a statement the database enforces — conditional updates and unique keys — so it also holds when
/// several instances write to one PostgreSQL: no prize below zero, no code to two people, no person over
/// the limit, and a repeated idempotency key returns the first answer.
/// </summary>
internal sealed class ParticipationWrite(ParticipationCommand command) : IDurableWrite
{
    public ParticipationResult? Result { get; private set; }

    public async Task ApplyAsync(WriteBatch batch, CancellationToken ct)
    {
        if (await ReplayAsync(batch, ct) is { } replay)
        {
            Result = replay;
            return;
        }

        // Statements whose answer nothing here needs are deferred: on PostgreSQL they travel with the next one that
        // is answered (the savepoint with the person's upsert, the inserts and the release with the next write's
        // first query), about half the writer's round trips per participation. DbTransaction.Save would send its own.
        batch.Defer(ParticipationSql.Savepoint, null);
        var result = await IssueAsync(batch, ct);
        if (result.Status != ParticipationStatus.Issued)
        {
            await batch.ExecuteAsync(ParticipationSql.RollBackToSavepoint, null, ct);
            // Refused, perhaps because a twin of this request (the same idempotency key: a double tap) was committed by
            // another writer or instance while this one waited on the rows it locked: then the twin's answer is this one's.
            if (await ReplayAsync(batch, ct) is { } twin) result = twin;
        }
        batch.Defer(ParticipationSql.ReleaseSavepoint, null);
        // A draw the limits refused is counted (blocked attempts in the evidence report), outside the undone savepoint.
        if (result.Status == ParticipationStatus.LimitReached && command.Campaign.Type == CampaignTypes.LuckyDraw)
            DrawRules.DrawRefusal.Insert(batch, command.Campaign.Id, result.LimitReason ?? "limit_reached", command.RiskRank);
        Result = result;
    }

    private async Task<ParticipationResult?> ReplayAsync(WriteBatch batch, CancellationToken ct)
    {
        return await batch.RowAsync(LeadSql.FindByIdempotencyKey,
            new { CampaignId = command.Campaign.Id, command.SubjectKey, command.IdempotencyKey },
            r => new ParticipationResult(ParticipationStatus.Replayed,
                r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.IsDBNull(4) ? null : DateTime.SpecifyKind(r.GetDateTime(4), DateTimeKind.Utc)), ct);
    }

    private async Task<ParticipationResult> IssueAsync(WriteBatch batch, CancellationToken ct)
    {
        var c = command.Campaign;
        var now = batch.Now;
        // A code proves one participation: spent here, so the savepoint gives it back if this one is refused.
        if (command.PhoneVerificationId is { } proof && await PhoneProof.PhoneCodeSql.SpendAsync(batch, proof, ct) == 0)
            return Refused(ParticipationStatus.CodeSpent);
        // Always the proven person for this number: an unproven one (typed before numbers had to be proven) is
        // another row that this participation never joins, reads or changes.
        var personId = (string)(await batch.ScalarAsync(LeadSql.UpsertProvenPerson,
            new { Id = Ids.New(), command.PhoneIndex, command.PhoneCipher, CreatedAt = now }, ct))!;
        var leadId = (string)(await batch.ScalarAsync(LeadSql.UpsertLead, new
        {
            Id = Ids.New(),
            CampaignId = c.Id,
            PersonId = personId,
            command.SubjectKey,
            command.OpenId,
            command.Channel,
            command.Source,
            command.Store,
            MarketingConsent = command.Marketing,
            CreatedAt = now,
            ExpiresAt = now.AddDays(c.RetentionDays),
            command.PhoneProof,
        }, ct))!;

        if (await PersonalLimitReachedAsync(batch, personId, ct) is { } personal)
            return Refused(ParticipationStatus.LimitReached) with { PersonalLimit = personal };
        foreach (var limit in command.ExtraLimits ?? [])
            if (await batch.ExecuteAsync(LeadSql.CountOne, new { CampaignId = c.Id, limit.Key, limit.Window, limit.Limit }, ct) == 0)
                return Refused(ParticipationStatus.LimitReached) with { LimitReason = limit.Reason };

        var participationId = Ids.New();
        string outcome;
        string? prizeName = null;
        long? prizeId = null;
        ClaimedCode? code = null;
        var terms = c.CouponTerms;
        if (c.Type == CampaignTypes.Coupon)
        {
            code = await ClaimCodeAsync(batch, c.CouponPoolId, participationId, ct);
            if (code is null) return Refused(ParticipationStatus.SoldOut);
            outcome = ParticipationOutcomes.Coupon;
        }
        else
        {
            PrizeSnapshot? prize;
            (outcome, prize, code) = await DrawAsync(batch, participationId, ct);
            (prizeId, prizeName) = (prize?.Id, prize?.Name);
            if (prize is not null) terms = prize.CouponTerms;
            Fulfilment.FulfilmentSql.CreateIfPhysical(batch, participationId, c.Id, prize, leadId, command.SubjectKey); // the same savepoint
        }
        DateTime? expires = null;
        if (code is not null)
        {
            var (from, until) = terms.ValidityAt(now);
            expires = until;
            batch.Defer(Coupons.CouponSql.Issue, new
            {
                Id = participationId,
                CampaignId = c.Id,
                PrizeId = prizeId,
                LeadId = leadId,
                command.SubjectKey,
                CodeId = code.Id,
                code.Code,
                State = Coupons.CouponStates.Issued,
                IssuedAt = now,
                ValidFrom = from,
                ValidUntil = until,
                Stores = string.Join(',', terms.Stores),
                terms.RedeemHours,
            });
        }

        batch.Defer(LeadSql.InsertParticipation, new
        {
            Id = participationId,
            CampaignId = c.Id,
            LeadId = leadId,
            command.SubjectKey,
            command.IdempotencyKey,
            Outcome = outcome,
            PrizeId = prizeId,
            PrizeName = prizeName,
            CouponCode = code?.Code,
            CouponExpiresAt = expires,
            command.Source,
            command.Store,
            CreatedAt = now,
            command.RiskRank,
            command.RiskAction,
            c.RulesVersion,
            DrawRoll = command.Roll?.Value,
            DrawTotal = command.Roll?.Total,
            CandidatePrizeId = command.Roll?.PrizeId,
        });
        ConsentLedgerWrites.Append(batch,
            command.Marketing ? [Consent(ConsentPurposes.Service, now), Consent(ConsentPurposes.Marketing, now)] : [Consent(ConsentPurposes.Service, now)]);
        // An explicit marketing consent is the one way back in after an opt-out (never a keyword, never silently).
        if (command.Marketing && command.OpenId is not null) Followers.FollowerSql.ClearOptOut(batch, command.OpenId);
        return new ParticipationResult(ParticipationStatus.Issued, participationId, outcome, prizeName, code?.Code, expires);
    }

    /// <summary>Counts this draw against the person's limits: null when within them, else which one (<see cref="PersonalLimits"/>).</summary>
    private async Task<string?> PersonalLimitReachedAsync(WriteBatch batch, string personId, CancellationToken ct)
    {
        var c = command.Campaign;
        var (perDay, total) = c.Type == CampaignTypes.Coupon ? (int.MaxValue, 1) : (c.DrawsPerDay, c.DrawsTotal);
        var day = ChinaDay(batch.Now);
        // Limits hold per WeChat identity and per phone, so neither a second phone nor a second openid gets round them.
        // Day 0 holds the campaign total. Both counters move or the savepoint takes back the one that did.
        string subject = "s:" + command.SubjectKey, person = "p:" + personId;
        if (await batch.ExecuteAsync(LeadSql.CountDraw, new { CampaignId = c.Id, Subject = subject, Person = person, Day = 0, Limit = total }, ct) < 2)
            return PersonalLimits.Total;
        if (perDay == int.MaxValue) return null;
        var today = await batch.ExecuteAsync(LeadSql.CountDraw, new { CampaignId = c.Id, Subject = subject, Person = person, Day = day, Limit = perDay }, ct);
        return today == 2 ? null : PersonalLimits.Daily;
    }

    private async Task<(string Outcome, PrizeSnapshot? Prize, ClaimedCode? Code)> DrawAsync(WriteBatch batch, string participationId, CancellationToken ct)
    {
        var prize = command.Campaign.Prizes.FirstOrDefault(p => p.Id == command.CandidatePrizeId);
        if (prize is null) return (ParticipationOutcomes.NoWin, null, null);
        // Sold out, or not released yet (paced): 谢谢参与, as a drawn prize that is gone always is.
        var taken = await TakePrizeAsync(batch, prize, ct);
        if (!taken.Won) return (ParticipationOutcomes.NoWin, null, null);
        ClaimedCode? code = null;
        if (prize.CouponPoolId is { } pool)
        {
            code = await ClaimCodeAsync(batch, pool, participationId, ct);
            if (code is null)
            {
                await batch.ExecuteAsync(PrizeSql.ReturnPrize, new { PrizeId = prize.Id }, ct);
                if (taken.Period is { } counted) await batch.ExecuteAsync(Pacing.PaceSql.UncountInPeriod, new { PrizeId = prize.Id, Period = counted }, ct);
                return (ParticipationOutcomes.NoWin, null, null);
            }
        }
        return (ParticipationOutcomes.Prize, prize, code);
    }

    /// <param name="Period">For a paced prize whose leftovers lapse: the period it was counted in, which a code shortage gives back.</param>
    private readonly record struct Taken(bool Won, long? Period = null);

    /// <summary>Takes one of the prize, unless none is left or (paced) none is released now.</summary>
    private static async Task<Taken> TakePrizeAsync(WriteBatch batch, PrizeSnapshot prize, CancellationToken ct)
    {
        var prizeId = new { PrizeId = prize.Id };
        if (prize.Pace is not { } pace) return new(await batch.ExecuteAsync(PrizeSql.TakePrize, prizeId, ct) == 1);
        if (pace.CarryOver)
            return new(await batch.ExecuteAsync(PrizeSql.TakeReleased, new { PrizeId = prize.Id, Released = pace.ReleasedBy(batch.Now) }, ct) == 1);
        if (pace.PeriodAt(batch.Now) is not { } period) return new(false);
        var inPeriod = new { PrizeId = prize.Id, Period = period, Quantity = pace.PerPeriod };
        if (await batch.ExecuteAsync(Pacing.PaceSql.CountInPeriod, inPeriod, ct) == 0) return new(false);
        if (await batch.ExecuteAsync(PrizeSql.TakePrize, prizeId, ct) == 1) return new(true, period);
        await batch.ExecuteAsync(Pacing.PaceSql.UncountInPeriod, new { PrizeId = prize.Id, Period = period }, ct);
        return new(false);
    }

    private sealed record ClaimedCode(long Id, string Code);

    private static async Task<ClaimedCode?> ClaimCodeAsync(WriteBatch batch, long? poolId, string participationId, CancellationToken ct)
    {
        if (poolId is null) return null;
        // Another instance may take the same free row between our SELECT and UPDATE: the UPDATE's own
        // condition makes that a miss, not a double issue, and we try the next free code.
        var after = CouponCodeCursor.Of(poolId.Value);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var sql = batch.IsPostgres ? PrizeSql.ClaimCodeSkipLocked : PrizeSql.ClaimCode;
            var code = await batch.RowAsync(sql, new { ParticipationId = participationId, AssignedAt = batch.Now, PoolId = poolId.Value, After = after },
                r => new ClaimedCode(r.GetInt64(0), r.GetString(1)), ct);
            if (code is not null)
            {
                CouponCodeCursor.Moved(poolId.Value, code.Id);
                return code;
            }
            if (after > 0) after = 0; // nothing free past the hint: look from the start (a code given back, another database)
            else if (await batch.ScalarAsync(PrizeSql.AnyFreeCode, new { PoolId = poolId.Value }, ct) is null) return null;
        }
        return null;
    }

    private ConsentEvent Consent(string purpose, DateTime now) => new()
    {
        SubjectKey = command.SubjectKey,
        OpenId = command.OpenId,
        Purpose = purpose,
        Action = ConsentActions.Granted,
        Scope = command.Campaign.Slug,
        PolicyVersion = command.PolicyVersion,
        PolicyHash = command.PolicyHash,
        Channel = command.Channel,
        Source = command.Source,
        Ip = command.Ip,
        UserAgent = command.UserAgent,
        OccurredAt = now,
    };

    private static ParticipationResult Refused(ParticipationStatus status) => new(status, null, null, null, null, null);

    /// <summary>Draw limits are per calendar day in China (UTC+8), as people understand "once a day".</summary>
    public static int ChinaDay(DateTime utc) => ChinaTime.DayNumber(utc);
}
