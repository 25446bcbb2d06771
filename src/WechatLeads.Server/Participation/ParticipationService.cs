using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Data;
using WechatLeads.Server.DrawRules;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Platform.Identity;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Stores;

namespace WechatLeads.Server.Participation;

/// <summary>
/// Joining a promotion, for the H5 page and the mini-program API alike. Checks that can be made without
/// the database come first (campaign open, consent rules, phone); then a single durable write decides
/// limits, inventory and codes, and records the lead and the consents together.
/// </summary>
internal sealed class ParticipationService(
    LeadsDbContext db,
    CampaignCatalog catalog,
    StoreDirectory stores,
    Attribution attribution,
    DurableWriteQueue writes,
    PhoneProtector phones,
    PhoneResolver resolver,
    Risk.RiskCheck risk,
    Risk.RiskListCache lists,
    Security.SubjectHasher hasher, TimeProvider time)
{
    public async Task<ParticipationResponse> ParticipateAsync(
        string slug, Participant who, ParticipationInput input, string idempotencyKey, string? ip, string? userAgent, CancellationToken cancellationToken)
    {
        var entry = await catalog.GetAsync(slug, cancellationToken) ?? throw Refuse(ParticipationProblem.CampaignNotFound);
        var campaign = entry.Campaign;
        var calendar = CampaignAvailability.ByCalendar(campaign, time.GetUtcNow().UtcDateTime);
        if (!calendar.IsOpen) throw Refuse(ParticipationProblem.NotOpen(calendar));
        if (!campaign.HasChannel(who.Channel)) throw Refuse(ParticipationProblem.ChannelNotOffered);
        var marketing = CheckConsents(campaign, input.Consents);
        ProvenPhone proven;
        try
        {
            proven = await resolver.ResolveAsync(who, input, campaign, cancellationToken);
        }
        catch (ApiProblemException)
        {
            // A double tap or a retry: its code was spent by the first try, whose answer stands.
            if (await EarlierAnswerAsync(campaign.Id, who, idempotencyKey, cancellationToken) is { } first) return first;
            throw;
        }
        try
        {
            return await JoinAsync(entry, who, input, proven, marketing, idempotencyKey, ip, userAgent, cancellationToken);
        }
        finally
        {
            // A WeChat exchange's settlement was queued before this participation's write and commits beside it: the
            // answer waits for both, so the day's billing counts already hold what the person was told. A failed
            // settlement leaves the place reserved (the budget errs on spending less) and is logged by the writer.
            if (proven.Settled is { } settled) await settled.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>The rest, once the number is proven: attribution, risk, the draw's roll, then the one durable write.</summary>
    private async Task<ParticipationResponse> JoinAsync(CampaignCatalog.Entry entry, Participant who, ParticipationInput input,
        ProvenPhone proven, bool marketing, string idempotencyKey, string? ip, string? userAgent, CancellationToken cancellationToken)
    {
        var campaign = entry.Campaign;
        var store = await stores.StoreNameAsync(campaign.Id, input.Store, cancellationToken); // only a real store QR attributes
        var source = await attribution.SourceAsync(campaign, input.Source, cancellationToken); // only a source the campaign knows, else "other"
        var draw = campaign.Type == CampaignTypes.LuckyDraw;
        var phoneIndex = phones.BlindIndex(proven.Phone);
        var listed = draw ? await lists.ListOfAsync(phoneIndex, who.SubjectKey, cancellationToken) : null;
        if (listed == Risk.RiskLists.Block)
        {
            await writes.SubmitAsync(null, [new DrawRules.RecordDrawRefusal(campaign.Id, ParticipationProblem.ParticipantBlocked.Code)], cancellationToken);
            throw Refuse(ParticipationProblem.ParticipantBlocked);
        }
        // Staff test accounts (the allow list) skip WeChat's risk check and the address and device limits, never one per person.
        var allowed = listed == Risk.RiskLists.Allow;
        var verdict = draw && !allowed ? await risk.CheckAsync(who, proven.Phone.Digits, ip, cancellationToken) : Risk.RiskVerdict.NotChecked;
        var extraLimits = draw && !allowed ? entry.Campaign.Limits().For(ip, Clip(input.DeviceId, 64), store, time.GetUtcNow().UtcDateTime, hasher) : [];
        if (verdict.Action == Risk.RiskActions.Verify && proven.Proof != PhoneProofs.Sms) throw Refuse(ParticipationProblem.RiskVerificationRequired);
        var roll = campaign.Type != CampaignTypes.LuckyDraw ? null : verdict.Action switch
        {
            Risk.RiskActions.NoWin => null,
            Risk.RiskActions.Reduced => PrizeDraw.Draw(Risk.TopPrizes.Without(entry.Snapshot.Prizes), campaign.NoWinWeight),
            _ => PrizeDraw.Draw(entry.Snapshot.Prizes, campaign.NoWinWeight),
        };
        var write = new ParticipationWrite(new ParticipationCommand(
            entry.Snapshot, who.SubjectKey, who.OpenId, who.Channel, phoneIndex, phones.Encrypt(proven.Phone), proven.Proof,
            proven.VerificationId, marketing,
            entry.Policy.Version, entry.Policy.ContentHash, source, store, idempotencyKey,
            Clip(ip, 64), Clip(userAgent, 512), roll?.PrizeId, verdict.Rank, draw ? verdict.Action : null, roll, extraLimits));
        await writes.SubmitAsync(null, [write], cancellationToken);

        var result = write.Result!;
        Telemetry.ServerMetrics.Participation(campaign.Type, result.Status.ToString(),
            couponIssued: result.Status == ParticipationStatus.Issued && result.CouponCode is not null);
        return result.Status switch
        {
            ParticipationStatus.LimitReached => throw Refuse(result.PersonalLimit is { } personal
                ? ParticipationProblem.ForPersonalLimit(personal, campaign, time.GetUtcNow().UtcDateTime)
                : ParticipationProblem.ForLimit(result.LimitReason)),
            ParticipationStatus.SoldOut => throw Refuse(ParticipationProblem.SoldOut),
            ParticipationStatus.CodeSpent => throw Refuse(ParticipationProblem.SmsCodeExpired),
            _ => new ParticipationResponse(result.ParticipationId!, result.Outcome!, result.CouponCode, result.PrizeName, result.CouponExpiresAt,
                result.Status == ParticipationStatus.Replayed),
        };
    }

    private async Task<ParticipationResponse?> EarlierAnswerAsync(long campaignId, Participant who, string idempotencyKey, CancellationToken ct) =>
        await db.Set<ParticipationRecord>().AsNoTracking()
            .Where(p => p.CampaignId == campaignId && p.SubjectKey == who.SubjectKey && p.IdempotencyKey == idempotencyKey)
            .Select(p => new ParticipationResponse(p.Id, p.Outcome, p.CouponCode, p.PrizeName, p.CouponExpiresAt, true))
            .SingleOrDefaultAsync(ct);

    /// <summary>
    /// Service consent is required and must name the campaign's current policy version; marketing is
    /// optional and separate (never bundled, never assumed). Returns whether marketing was granted.
    /// </summary>
    private static bool CheckConsents(Campaign campaign, IReadOnlyList<ConsentInput> consents)
    {
        foreach (var consent in consents)
        {
            if (consent.Purpose is not (ConsentPurposes.Service or ConsentPurposes.Marketing) || !campaign.AsksFor(consent.Purpose))
                throw Refuse(ParticipationProblem.PurposeNotAsked);
            if (consent.PolicyVersion != campaign.PolicyVersion) throw Refuse(ParticipationProblem.PolicyOutdated);
        }
        if (!consents.Any(c => c.Purpose == ConsentPurposes.Service)) throw Refuse(ParticipationProblem.ConsentRequired);
        return consents.Any(c => c.Purpose == ConsentPurposes.Marketing);
    }

    private static string? Clip(string? value, int max) => value is null ? null : value.Length <= max ? value : value[..max];

    private static ApiProblemException Refuse(ApiProblem problem) => new(problem);
}
