using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Data;
using WechatLeads.Server.Followers;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Marketing;
using WechatLeads.Server.Participation;
using WechatLeads.Server.Platform.Identity;
using WechatLeads.Server.Privacy;
using WechatLeads.Server.Unsubscribe;

namespace WechatLeads.Server.DataRights;

/// <summary>
/// Marketing consent from where the person is (PIPL Art. 15: withdrawing as easy as consenting): the state as
/// the marketing gate sees it, a withdrawal that is the menu's, TD's and <c>/h5/me</c>'s opt-out, and an
/// explicit new grant under the current notice — the participation form's rules, without a new participation.
/// </summary>
internal sealed class MarketingChoices(LeadsDbContext db, DurableWriteQueue writes, IOptionsMonitor<MarketingOptions> marketing, TimeProvider time)
{
    /// <summary>
    /// What <c>GET /api/me</c> shows. <see cref="Consented"/>: the gate would send for at least one campaign
    /// (<see cref="Campaigns"/>) — granted by this identity under that campaign's current notice, within the
    /// consent lifetime, with no withdrawal since through any identity of the person. <see cref="Since"/> and
    /// <see cref="PolicyVersion"/> are those of the newest such grant. <see cref="OptedOut"/>: an opt-out from
    /// everything (menu, TD, SMS, <c>/h5/me</c>, this API — through any identity of the person) newer than
    /// this identity's last marketing grant.
    /// </summary>
    public sealed record MarketingState(
        bool Consented, DateTime? Since, string? PolicyVersion, IReadOnlyList<string> Campaigns, bool OptedOut, DateTime? OptedOutAt, string? OptOutChannel);

    public enum ConsentOutcome { Granted, PolicyOutdated, NotJoined, PurposeNotAsked }

    /// <summary>The ledger's <c>Source</c> of a grant made here.</summary>
    public const string Source = "api/me";

    private sealed record Joined(long CampaignId, string Slug, string PolicyVersion, string PolicyHash, bool AsksForMarketing);

    public async Task<MarketingState> StateAsync(string subjectKey, CancellationToken ct)
    {
        var joined = await JoinedAsync(subjectKey, ct);
        // Every WeChat identity the person joined with (by phone): an opt-out through any of them counts, as at the gate.
        var persons = db.Set<Lead>().Where(l => l.SubjectKey == subjectKey).Select(l => l.PersonId);
        var subjects = await db.Set<Lead>().Where(l => persons.Contains(l.PersonId)).Select(l => l.SubjectKey).Distinct().ToListAsync(ct);
        if (!subjects.Contains(subjectKey)) subjects.Add(subjectKey);
        var events = await db.Set<ConsentEvent>().AsNoTracking()
            .Where(e => subjects.Contains(e.SubjectKey) && e.Purpose == ConsentPurposes.Marketing)
            .OrderBy(e => e.Id).ToListAsync(ct);

        var optOut = events.LastOrDefault(e => e.Action == ConsentActions.Withdrawn && e.Scope == ConsentScopes.AllCampaigns);
        var lastGrantId = events.LastOrDefault(e => e.Action == ConsentActions.Granted && e.SubjectKey == subjectKey)?.Id ?? 0;
        var lapsedBefore = time.GetUtcNow().UtcDateTime - marketing.CurrentValue.ConsentLifetime;
        var inForce = new List<ConsentEvent>();
        foreach (var campaign in joined.Where(j => j.AsksForMarketing))
        {
            var grant = events.LastOrDefault(e => e.Action == ConsentActions.Granted && e.SubjectKey == subjectKey && e.Scope == campaign.Slug);
            var withdrawals = events.Where(e => e.Action == ConsentActions.Withdrawn && e.Scope == campaign.Slug).ToList();
            // MarketingGate.Decide's rules, in its order.
            if (grant is null || (optOut?.Id ?? 0) > grant.Id) continue;
            if (ConsentOrder.WithdrawalCoversGrant(
                withdrawals.Max(e => (DateTime?)e.OccurredAt),
                withdrawals.Max(e => (long?)e.Id),
                grant.OccurredAt,
                grant.Id))
                continue;
            if (grant.PolicyVersion != campaign.PolicyVersion || grant.OccurredAt < lapsedBefore) continue;
            inForce.Add(grant);
        }
        var newest = inForce.MaxBy(e => e.Id);
        var optedOut = optOut is not null && optOut.Id > lastGrantId;
        return new MarketingState(newest is not null, newest?.OccurredAt, newest?.PolicyVersion,
            [.. inForce.Select(e => e.Scope).Distinct().Order(StringComparer.Ordinal)],
            optedOut, optedOut ? optOut!.OccurredAt : null, optedOut ? optOut!.Channel : null);
    }

    /// <summary>
    /// Withdraws marketing for every campaign through exactly the opt-out the menu, TD and <c>/h5/me</c> make
    /// (<see cref="OptOutWrite"/>: the flag, the ledger withdrawal, the opt-out record and its follow-up job),
    /// committed before this returns. A repeat, or many in parallel, records nothing more.
    /// </summary>
    public async Task<MarketingState> WithdrawAsync(Participant who, CancellationToken ct)
    {
        // The H5 cookie is the /h5/me page's identity (an Official Account follower, confirmed by a message);
        // the mini-program's session is not, and its confirmation is this answer (ConfirmationSkipReasons.NoMessageChannel).
        var channel = who.Channel == CampaignChannels.MiniProgram ? OptOutChannels.MiniProgram : OptOutChannels.MyDataPage;
        await writes.SubmitAsync(null, [new OptOutWrite(who.OpenId, who.SubjectKey, channel, recordRepeat: false)], ct);
        return await StateAsync(who.SubjectKey, ct);
    }

    /// <summary>
    /// Records an explicit marketing grant for one joined campaign, or (no <paramref name="campaign"/>) for each
    /// joined campaign whose current notice is <paramref name="policyVersion"/>. The version must be the one in
    /// force — consent to a text the person did not read is no consent. Like a participation with the
    /// marketing box ticked, the grant is newer than any opt-out (so the gate sends again, for these campaigns
    /// only), the lead counts as consenting, and this identity's opt-out flag is cleared.
    /// </summary>
    public async Task<(ConsentOutcome Outcome, MarketingState? State)> ConsentAsync(
        Participant who, string policyVersion, string? campaign, string? ip, string? userAgent, CancellationToken ct)
    {
        var joined = await JoinedAsync(who.SubjectKey, ct);
        if (campaign is not null) joined = joined.Where(j => j.Slug == campaign).ToList();
        if (joined.Count == 0) return (ConsentOutcome.NotJoined, null);
        var asking = joined.Where(j => j.AsksForMarketing).ToList();
        if (asking.Count == 0) return (ConsentOutcome.PurposeNotAsked, null);
        var granted = asking.Where(j => j.PolicyVersion == policyVersion).ToList();
        if (granted.Count == 0) return (ConsentOutcome.PolicyOutdated, null);

        await writes.SubmitAsync(null, [new MarketingGrantWrite(who, [.. granted.Select(g => (g.CampaignId, g.Slug, g.PolicyVersion, g.PolicyHash))],
            Clip(ip, 64), Clip(userAgent, 512))], ct);
        return (ConsentOutcome.Granted, await StateAsync(who.SubjectKey, ct));
    }

    /// <summary>
    /// The notices a new marketing grant can be given under, for <c>/h5/me</c>'s 重新接收营销信息: the current notice of
    /// each joined campaign that asks for marketing, with its title, oldest first.
    /// </summary>
    public async Task<IReadOnlyList<(string Version, string Title)>> NoticesForConsentAsync(string subjectKey, CancellationToken ct)
    {
        var versions = (await JoinedAsync(subjectKey, ct)).Where(j => j.AsksForMarketing).Select(j => j.PolicyVersion).Distinct().ToList();
        if (versions.Count == 0) return [];
        var titles = await db.Set<PrivacyPolicy>().AsNoTracking().Where(p => versions.Contains(p.Version))
            .Select(p => new { p.Version, p.Title }).ToListAsync(ct);
        return [.. titles.OrderBy(t => t.Version, StringComparer.Ordinal).Select(t => (t.Version, t.Title))];
    }

    /// <summary>The campaigns this identity joined, with the notice each is under now.</summary>
    private async Task<List<Joined>> JoinedAsync(string subjectKey, CancellationToken ct) =>
        (await (from l in db.Set<Lead>().AsNoTracking()
                where l.SubjectKey == subjectKey
                join c in db.Set<Campaign>() on l.CampaignId equals c.Id
                join p in db.Set<PrivacyPolicy>() on c.PolicyVersion equals p.Version
                select new { c.Id, c.Slug, c.PolicyVersion, p.ContentHash, c.Purposes })
            .Distinct().ToListAsync(ct))
        .Select(c => new Joined(c.Id, c.Slug, c.PolicyVersion, c.ContentHash,
            c.Purposes.Split(',', StringSplitOptions.TrimEntries).Contains(ConsentPurposes.Marketing))).ToList();

    private static string? Clip(string? value, int max) => value is null ? null : value.Length <= max ? value : value[..max];
}

/// <summary>
/// The grant, in one transaction through the group-commit writer: a ledger row per campaign (purpose, scope,
/// notice version and hash, channel, source, address), the leads marked consenting (never un-marked), and the
/// opt-out flag of this identity cleared — the same statements a participation with marketing consent runs.
/// </summary>
internal sealed class MarketingGrantWrite(
    Participant who, IReadOnlyList<(long CampaignId, string Slug, string PolicyVersion, string PolicyHash)> grants, string? ip, string? userAgent)
        : IDurableWrite
{
    private const string MarkLeadConsenting =
        """UPDATE "Leads" SET "MarketingConsent" = TRUE WHERE "SubjectKey" = @SubjectKey AND "CampaignId" = @CampaignId""";

    public async Task ApplyAsync(WriteBatch batch, CancellationToken ct)
    {
        ConsentLedgerWrites.Append(batch, grants.Select(g => new ConsentEvent
        {
            SubjectKey = who.SubjectKey,
            OpenId = who.OpenId,
            Purpose = ConsentPurposes.Marketing,
            Action = ConsentActions.Granted,
            Scope = g.Slug,
            PolicyVersion = g.PolicyVersion,
            PolicyHash = g.PolicyHash,
            Channel = who.Channel,
            Source = MarketingChoices.Source,
            Ip = ip,
            UserAgent = userAgent,
            OccurredAt = batch.Now,
        }));
        foreach (var g in grants) await batch.ExecuteAsync(MarkLeadConsenting, new { who.SubjectKey, g.CampaignId }, ct);
        FollowerSql.ClearOptOut(batch, who.OpenId);
    }
}
