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

        // Through the writer's prepared statements: DbTransaction.Save/Release parse their SQL anew every time.
        await batch.ExecuteAsync(ParticipationSql.Savepoint, ct);
        var result = await IssueAsync(batch, ct);
        if (result.Status != ParticipationStatus.Issued) await batch.ExecuteAsync(ParticipationSql.RollBackToSavepoint, ct);
        await batch.ExecuteAsync(ParticipationSql.ReleaseSavepoint, ct);
        // A draw the limits refused is counted (blocked attempts in the evidence report), outside the undone savepoint.
        if (result.Status == ParticipationStatus.LimitReached && command.Campaign.Type == CampaignTypes.LuckyDraw)
            await batch.ExecuteAsync(DrawRules.DrawRefusal.Insert, ct, command.Campaign.Id, result.LimitReason ?? "limit_reached", command.RiskRank, batch.Now);
        Result = result;
    }

    private async Task<ParticipationResult?> ReplayAsync(WriteBatch batch, CancellationToken ct)
    {
        return await batch.RowAsync(ParticipationSql.FindByIdempotencyKey, r => new ParticipationResult(ParticipationStatus.Replayed,
                r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.IsDBNull(4) ? null : DateTime.SpecifyKind(r.GetDateTime(4), DateTimeKind.Utc)),
            ct, command.Campaign.Id, command.SubjectKey, command.IdempotencyKey);
    }

    private async Task<ParticipationResult> IssueAsync(WriteBatch batch, CancellationToken ct)
    {
        var c = command.Campaign;
        var now = batch.Now;
        // A code proves one participation: spent here, so the savepoint gives it back if this one is refused.
        if (command.PhoneVerificationId is { } proof && await batch.ExecuteAsync(PhoneProof.PhoneCodeSql.Spend, ct, proof, now) == 0)
            return Refused(ParticipationStatus.CodeSpent);
        // Always the proven person for this number: an unproven one (typed before numbers had to be proven) is
        // another row that this participation never joins, reads or changes.
        var personId = (string)(await batch.ScalarAsync(ParticipationSql.UpsertProvenPerson, ct, Ids.New(), command.PhoneIndex, command.PhoneCipher, now))!;
        var leadId = (string)(await batch.ScalarAsync(ParticipationSql.UpsertLead, ct, Ids.New(), c.Id, personId, command.SubjectKey, command.OpenId,
            command.Channel, command.Source, command.Store, command.Marketing, now, now.AddDays(c.RetentionDays), command.PhoneProof))!;

        if (!await WithinLimitsAsync(batch, personId, ct)) return Refused(ParticipationStatus.LimitReached);
        foreach (var limit in command.ExtraLimits ?? [])
            if (await batch.ExecuteAsync(ParticipationSql.CountOne, ct, c.Id, limit.Key, limit.Window, limit.Limit) == 0)
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
            await Fulfilment.FulfilmentSql.CreateIfPhysicalAsync(batch, participationId, c.Id, prize, leadId, command.SubjectKey, ct); // the same savepoint
        }
        DateTime? expires = null;
        if (code is not null)
        {
            var (from, until) = terms.ValidityAt(now);
            expires = until;
            await batch.ExecuteAsync(Coupons.CouponSql.Issue, ct, participationId, c.Id, prizeId, leadId, command.SubjectKey, code.Id, code.Code,
                Coupons.CouponStates.Issued, now, from, until, string.Join(',', terms.Stores), terms.RedeemHours);
        }

        await batch.ExecuteAsync(ParticipationSql.InsertParticipation, ct, participationId, c.Id, leadId, command.SubjectKey, command.IdempotencyKey,
            outcome, prizeId, prizeName, code?.Code, expires, command.Source, command.Store, now, command.RiskRank, command.RiskAction,
            c.RulesVersion, command.Roll?.Value, command.Roll?.Total, command.Roll?.PrizeId);
        batch.ExecuteRows(ParticipationSql.AppendConsents,
            command.Marketing ? [Consent(ConsentPurposes.Service, now), Consent(ConsentPurposes.Marketing, now)] : [Consent(ConsentPurposes.Service, now)]);
        // An explicit marketing consent is the one way back in after an opt-out (never a keyword, never silently).
        if (command.Marketing && command.OpenId is not null) await batch.ExecuteAsync(ParticipationSql.ClearOptOut, ct, command.OpenId, false);
        return new ParticipationResult(ParticipationStatus.Issued, participationId, outcome, prizeName, code?.Code, expires);
    }

    private async Task<bool> WithinLimitsAsync(WriteBatch batch, string personId, CancellationToken ct)
    {
        var c = command.Campaign;
        var (perDay, total) = c.Type == CampaignTypes.Coupon ? (int.MaxValue, 1) : (c.DrawsPerDay, c.DrawsTotal);
        var day = ChinaDay(batch.Now);
        // Limits hold per WeChat identity and per phone, so neither a second phone nor a second openid gets round them.
        // Day 0 holds the campaign total. Both counters move or the savepoint takes back the one that did.
        string subject = "s:" + command.SubjectKey, person = "p:" + personId;
        if (await batch.ExecuteAsync(ParticipationSql.CountDraw, ct, c.Id, subject, 0, person, total) < 2) return false;
        return perDay == int.MaxValue || await batch.ExecuteAsync(ParticipationSql.CountDraw, ct, c.Id, subject, day, person, perDay) == 2;
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
                await batch.ExecuteAsync(ParticipationSql.ReturnPrize, ct, prize.Id);
                if (taken.Period is { } counted) await batch.ExecuteAsync(Pacing.PaceSql.UncountInPeriod, ct, prize.Id, counted);
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
        if (prize.Pace is not { } pace) return new(await batch.ExecuteAsync(ParticipationSql.TakePrize, ct, prize.Id) == 1);
        if (pace.CarryOver) return new(await batch.ExecuteAsync(Pacing.PaceSql.TakeReleased, ct, prize.Id, pace.ReleasedBy(batch.Now)) == 1);
        if (pace.PeriodAt(batch.Now) is not { } period) return new(false);
        if (await batch.ExecuteAsync(Pacing.PaceSql.CountInPeriod, ct, prize.Id, period, pace.PerPeriod) == 0) return new(false);
        if (await batch.ExecuteAsync(ParticipationSql.TakePrize, ct, prize.Id) == 1) return new(true, period);
        await batch.ExecuteAsync(Pacing.PaceSql.UncountInPeriod, ct, prize.Id, period);
        return new(false);
    }

    private sealed record ClaimedCode(long Id, string Code);

    private static async Task<ClaimedCode?> ClaimCodeAsync(WriteBatch batch, long? poolId, string participationId, CancellationToken ct)
    {
        if (poolId is null) return null;
        // Another instance may take the same free row between our SELECT and UPDATE: the UPDATE's own
        // condition makes that a miss, not a double issue, and we try the next free code.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var sql = batch.IsPostgres ? ParticipationSql.ClaimCodeSkipLocked : ParticipationSql.ClaimCode;
            var code = await batch.RowAsync(sql, r => new ClaimedCode(r.GetInt64(0), r.GetString(1)), ct, participationId, batch.Now, poolId.Value);
            if (code is not null) return code;
            if (await batch.ScalarAsync(ParticipationSql.AnyFreeCode, ct, poolId.Value) is null) return null;
        }
        return null;
    }

    private object?[] Consent(string purpose, DateTime now) =>
        [command.SubjectKey, command.OpenId, purpose, ConsentActions.Granted, command.Campaign.Slug, command.PolicyVersion, command.PolicyHash,
            command.Channel, command.Source, command.Ip, command.UserAgent, now];

    private static ParticipationResult Refused(ParticipationStatus status) => new(status, null, null, null, null, null);

    /// <summary>Draw limits are per calendar day in China (UTC+8), as people understand "once a day".</summary>
    public static int ChinaDay(DateTime utc) => ChinaTime.DayNumber(utc);
}
