using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;

namespace WechatLeads.Server.Participation;

/// <summary>
/// A participation's opening: the statements that decide it, sent in one round trip — on its own (<see cref="Open"/>) or,
/// on PostgreSQL, with the openings of the participations beside it in the batch (<see cref="PipelinedWrites"/>).
/// </summary>
internal sealed partial class ParticipationWrite
{
    /// <summary>What the participation's first round trip answered (see <see cref="Open"/>).</summary>
    /// <param name="ClaimedAfter">The pool hint the opening's code claim looked past; null when it tried no claim (a draw, no pool).</param>
    private sealed record Opening(
        string ParticipationId, ParticipationResult? Replay, bool CodeSpent, string LeadId, bool WithinTotal, bool WithinToday, ClaimedCode? Code,
        long? ClaimedAfter);

    /// <summary>
    /// The statements every participation runs, in one round trip on PostgreSQL (the writer's time goes on round trips,
    /// not on the statements): the earlier answer to this idempotency key, the SMS code spent, the person and lead
    /// upserted, the campaign total and (a draw) today's draws counted, and (a coupon) a code claimed. They all run even
    /// when an early one already decides the answer; the savepoint before them then takes back what the later ones did.
    /// </summary>
    private Opening Open(WriteBatch batch)
    {
        var plan = new OpeningPlan(this, batch);
        // Not DbTransaction.Save, which would cost a round trip of its own.
        var answers = batch.RunTogether([Step.Execute(ParticipationSql.Savepoint), .. plan.Steps]);
        return plan.Read(answers.AsSpan(1));
    }

    IPipelinedOpening IPipelinedWrite.Open(WriteBatch batch) => new OpeningPlan(this, batch);

    /// <summary>The opening's statements, and how their answers read (see <see cref="Open"/>).</summary>
    private sealed class OpeningPlan : IPipelinedOpening
    {
        private readonly ParticipationWrite _write;
        private readonly string _participationId = Ids.New();
        private readonly List<Step> _steps = new(8);
        private readonly int _spend, _lead, _total, _today, _claim;
        private readonly long? _claimedAfter;
        private Opening? _accepted;

        public OpeningPlan(ParticipationWrite write, WriteBatch batch)
        {
            _write = write;
            var command = write.Command;
            var c = command.Campaign;
            var now = batch.Now;
            _steps.Add(write.EarlierAnswer());
            // A code proves one participation: spent here, so the savepoint gives it back if this one is refused.
            _spend = command.PhoneVerificationId is { } proof ? Add(PhoneProof.PhoneCodeSql.SpendStep(proof, now)) : -1;
            // Always the proven person for this number: an unproven one (typed before numbers had to be proven) is
            // another row that this participation never joins, reads or changes.
            Add(Step.Row(LeadSql.UpsertProvenPerson, new { Id = Ids.New(), command.PhoneIndex, command.PhoneCipher, CreatedAt = now }, r => r.GetString(0)));
            _lead = Add(Step.Row(LeadSql.UpsertLead, new
            {
                Id = Ids.New(),
                CampaignId = c.Id,
                command.PhoneIndex,
                command.SubjectKey,
                command.OpenId,
                command.Channel,
                command.Source,
                command.Store,
                MarketingConsent = command.Marketing,
                CreatedAt = now,
                ExpiresAt = now.AddDays(c.RetentionDays),
                command.PhoneProof,
            }, r => r.GetString(0)));
            _total = Add(write.CountDraw(day: 0, limit: c.Type == CampaignTypes.Coupon ? 1 : c.DrawsTotal));
            // Coupons have no daily limit: one per person in all.
            _today = c.Type == CampaignTypes.Coupon ? -1 : Add(write.CountDraw(ChinaDay(now), c.DrawsPerDay));
            // A coupon campaign gives almost everyone a code: claimed now, given back by the savepoint if the answer is no.
            _claimedAfter = c.Type == CampaignTypes.Coupon && c.CouponPoolId is { } pool ? CouponCodeCursor.Of(pool) : null;
            _claim = _claimedAfter is { } hint ? Add(ClaimStep(batch, c.CouponPoolId!.Value, _participationId, hint)) : -1;
        }

        public IReadOnlyList<Step> Steps => _steps;

        public Opening Read(ReadOnlySpan<StepAnswer> answers) => new(_participationId, answers[0].RowAs<ParticipationResult>(),
            _spend >= 0 && answers[_spend].Affected == 0, answers[_lead].RowAs<string>()!, answers[_total].Affected == 2,
            _today < 0 || answers[_today].Affected == 2, _claim >= 0 ? answers[_claim].RowAs<ClaimedCode>() : null, _claimedAfter);

        /// <summary>Only the plain case finishes here: a coupon issued from the code the opening claimed, no other limit to count.</summary>
        public bool CanFinish(ReadOnlySpan<StepAnswer> answers)
        {
            var opening = Read(answers);
            if (opening is not { Replay: null, Code: not null } || RefusedByOpening(opening) is not null) return false;
            if (_write.Command.ExtraLimits is { Count: > 0 }) return false; // each a statement of its own, asked one by one
            _accepted = opening;
            return true;
        }

        public void Finish(WriteBatch batch)
        {
            var opening = _accepted ?? throw new InvalidOperationException("Finish before CanFinish accepted the opening.");
            var pool = _write.Command.Campaign.CouponPoolId!.Value;
            _write.Result = _write.Issue(batch, opening, ParticipationOutcomes.Coupon, null, Kept(pool, opening.Code!));
        }

        private int Add(Step step)
        {
            _steps.Add(step);
            return _steps.Count - 1;
        }
    }
}
