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
internal sealed partial class ParticipationWrite(ParticipationCommand command) : IPipelinedWrite
{
    public ParticipationResult? Result { get; private set; }

    private ParticipationCommand Command => command; // for the opening plan, which a nested class can't reach by the parameter

    public async Task ApplyAsync(WriteBatch batch, CancellationToken ct)
    {
        var opening = Open(batch);
        if (opening.Replay is { } replay)
        {
            // The first answer stands; whatever the opening wrote after the savepoint is undone.
            batch.Defer(ParticipationSql.RollBackToSavepoint, null);
            batch.Defer(ParticipationSql.ReleaseSavepoint, null);
            Result = replay;
            return;
        }
        var result = await IssueAsync(batch, opening, ct);
        if (result.Status != ParticipationStatus.Issued)
        {
            await batch.ExecuteAsync(ParticipationSql.RollBackToSavepoint, null, ct);
            // Refused, perhaps because a twin of this request (the same idempotency key: a double tap) was committed by
            // another writer or instance while this one waited on the rows it locked: then the twin's answer is this one's.
            if (batch.RunTogether([EarlierAnswer()])[0].RowAs<ParticipationResult>() is { } twin) result = twin;
        }
        // Statements whose answer nothing here needs are deferred: on PostgreSQL they travel with the next one that
        // is answered (the inserts and the release with the next write's opening).
        batch.Defer(ParticipationSql.ReleaseSavepoint, null);
        // A draw the limits refused is counted (blocked attempts in the evidence report), outside the undone savepoint.
        if (result.Status == ParticipationStatus.LimitReached && command.Campaign.Type == CampaignTypes.LuckyDraw)
            DrawRules.DrawRefusal.Insert(batch, command.Campaign.Id, result.LimitReason ?? "limit_reached", command.RiskRank);
        Result = result;
    }

    /// <summary>The answer already given to this idempotency key (a double tap, a retry), as it was given.</summary>
    private Step EarlierAnswer() => Step.Row(LeadSql.FindByIdempotencyKey,
        new { CampaignId = command.Campaign.Id, command.SubjectKey, command.IdempotencyKey },
        r => new ParticipationResult(ParticipationStatus.Replayed,
            r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
            r.IsDBNull(4) ? null : DateTime.SpecifyKind(r.GetDateTime(4), DateTimeKind.Utc)));

    private async Task<ParticipationResult> IssueAsync(WriteBatch batch, Opening opening, CancellationToken ct)
    {
        var c = command.Campaign;
        if (RefusedByOpening(opening) is { } refused) return refused;
        foreach (var limit in command.ExtraLimits ?? [])
            if (await batch.ExecuteAsync(LeadSql.CountOne, new { CampaignId = c.Id, limit.Key, limit.Window, limit.Limit }, ct) == 0)
                return Refused(ParticipationStatus.LimitReached) with { LimitReason = limit.Reason };

        if (c.Type == CampaignTypes.Coupon)
        {
            var code = opening.Code is { } claimed ? Kept(c.CouponPoolId!.Value, claimed)
                : await ClaimCodeAsync(batch, c.CouponPoolId, opening.ParticipationId, opening.ClaimedAfter, ct);
            return code is null ? Refused(ParticipationStatus.SoldOut) : Issue(batch, opening, ParticipationOutcomes.Coupon, null, code);
        }
        var (outcome, prize, drawnCode) = await DrawAsync(batch, opening.ParticipationId, ct);
        Fulfilment.FulfilmentSql.CreateIfPhysical(batch, opening.ParticipationId, c.Id, prize, opening.LeadId, command.SubjectKey); // the same savepoint
        return Issue(batch, opening, outcome, prize, drawnCode);
    }

    /// <summary>The refusal the opening's answers already decide (a spent SMS code, a personal limit); null when they decide none.</summary>
    private static ParticipationResult? RefusedByOpening(Opening opening) =>
        opening.CodeSpent ? Refused(ParticipationStatus.CodeSpent)
        : !opening.WithinTotal ? Refused(ParticipationStatus.LimitReached) with { PersonalLimit = PersonalLimits.Total }
        : !opening.WithinToday ? Refused(ParticipationStatus.LimitReached) with { PersonalLimit = PersonalLimits.Daily }
        : null;

    /// <summary>Records the participation decided: its coupon (with a code), the participation, the consents. Deferred statements only.</summary>
    private ParticipationResult Issue(WriteBatch batch, Opening opening, string outcome, PrizeSnapshot? prize, ClaimedCode? code)
    {
        var c = command.Campaign;
        var now = batch.Now;
        var participationId = opening.ParticipationId;
        DateTime? expires = null;
        if (code is not null)
        {
            var terms = prize?.CouponTerms ?? c.CouponTerms; // a drawn prize's coupon has terms of its own
            var (from, until) = terms.ValidityAt(now);
            expires = until;
            batch.Defer(Coupons.CouponSql.Issue, new
            {
                Id = participationId,
                CampaignId = c.Id,
                PrizeId = prize?.Id,
                LeadId = opening.LeadId,
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
            LeadId = opening.LeadId,
            command.SubjectKey,
            command.IdempotencyKey,
            Outcome = outcome,
            PrizeId = prize?.Id,
            PrizeName = prize?.Name,
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
        return new ParticipationResult(ParticipationStatus.Issued, participationId, outcome, prize?.Name, code?.Code, expires);
    }

    /// <summary>
    /// Counts this participation against the person's limits for <paramref name="day"/> (0: the campaign total). Limits
    /// hold per WeChat identity and per phone, so neither a second phone nor a second openid gets round them. Both
    /// counters move or the savepoint takes back the one that did: rows affected below 2 = the limit reached.
    /// </summary>
    private Step CountDraw(int day, int limit) => Step.Execute(LeadSql.CountDraw,
        new { CampaignId = command.Campaign.Id, Subject = "s:" + command.SubjectKey, command.PhoneIndex, Day = day, Limit = limit });

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
            code = await ClaimCodeAsync(batch, pool, participationId, null, ct);
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

    private static Step ClaimStep(WriteBatch batch, long poolId, string participationId, long after) =>
        Step.Row(batch.IsPostgres ? PrizeSql.ClaimCodeSkipLocked : PrizeSql.ClaimCode,
            new { ParticipationId = participationId, AssignedAt = batch.Now, PoolId = poolId, After = after },
            r => new ClaimedCode(r.GetInt64(0), r.GetString(1)));

    /// <summary>A claimed code that stays claimed: the pool's hint moves past it.</summary>
    private static ClaimedCode Kept(long poolId, ClaimedCode code)
    {
        CouponCodeCursor.Moved(poolId, code.Id);
        return code;
    }

    /// <param name="triedAfter">The hint the opening's claim already looked past, finding nothing; null when it made none.</param>
    private static async Task<ClaimedCode?> ClaimCodeAsync(WriteBatch batch, long? poolId, string participationId, long? triedAfter, CancellationToken ct)
    {
        if (poolId is not { } pool) return null;
        // Another instance may take the same free row between our SELECT and UPDATE: the UPDATE's own
        // condition makes that a miss, not a double issue, and we try the next free code.
        var after = triedAfter ?? CouponCodeCursor.Of(pool);
        var tried = triedAfter is not null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (!tried && batch.RunTogether([ClaimStep(batch, pool, participationId, after)])[0].RowAs<ClaimedCode>() is { } code) return Kept(pool, code);
            tried = false;
            if (after > 0) after = 0; // nothing free past the hint: look from the start (a code given back, another database)
            else if (await batch.ScalarAsync(PrizeSql.AnyFreeCode, new { PoolId = pool }, ct) is null) return null;
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
