using System.Security.Cryptography;
using System.Text.RegularExpressions;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Campaigns;

/// <summary>Turns a <see cref="CampaignDefinition"/> into rows: the campaign, its prizes, and coupon pools full of codes.</summary>
internal sealed partial class CampaignFactory(LeadsDbContext db, TimeProvider time)
{
    // No 0/O, 1/I/L: codes are read aloud at the till.
    private const string CodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    /// <summary>Far above any real day (WeChat answers at most a few hundred calls a second), far below int overflow.</summary>
    public const int MaxPhoneNumberDailyBudget = 10_000_000;

    public static IReadOnlyList<string> Validate(CampaignDefinition d)
    {
        var problems = new List<string>();
        if (!SlugPattern().IsMatch(d.Slug)) problems.Add(Ui.T("slug must be 2-64 lower-case letters, digits or dashes."));
        if (d.Type is not (CampaignTypes.Coupon or CampaignTypes.LuckyDraw)) problems.Add(Ui.T("type must be coupon or luckyDraw."));
        if (string.IsNullOrWhiteSpace(d.Title) || d.Title.Length > 100) problems.Add(Ui.T("title is required (at most 100 characters)."));
        if (d.EndsAt <= d.StartsAt) problems.Add(Ui.T("endsAt must be after startsAt."));
        if (d.Status is not (CampaignStatus.Draft or CampaignStatus.Active or CampaignStatus.Paused or CampaignStatus.Ended))
            problems.Add(Ui.T("status must be draft, active, paused or ended."));
        if (d.Channels.Count == 0
            || d.Channels.Count != d.Channels.Distinct().Count()
            || d.Channels.Any(c => c is not (CampaignChannels.H5 or CampaignChannels.MiniProgram)))
            problems.Add(Ui.T("channels must be h5 and/or miniprogram, each once."));
        if (d.Purposes.Count != d.Purposes.Distinct().Count()) problems.Add(Ui.T("purposes must be listed once each."));
        if (d.Description.Length > 2000) problems.Add(Ui.T("description is at most 2000 characters."));
        if (!d.Purposes.Contains("service") || d.Purposes.Any(p => p is not ("service" or "marketing")))
            problems.Add(Ui.T("purposes must include service and may include marketing."));
        if (Attribution.Problem(d.Sources) is { } sources) problems.Add(sources);
        if (d.RetentionDays is < 1 or > 3650) problems.Add(Ui.T("retentionDays must be 1-3650."));
        if (d.Organiser is { Length: > 100 }) problems.Add(Ui.T("organiser is at most 100 characters."));
        if (d.PhoneNumberDailyBudget is < 0 or > MaxPhoneNumberDailyBudget)
            problems.Add(Ui.T("phoneNumberDailyBudget must be 0-{0:N0}, or null for no limit.", MaxPhoneNumberDailyBudget));
        if (d.Share is not null) problems.AddRange(d.Share.Problems());
        if (d.Type == CampaignTypes.Coupon && (d.Coupon is null || (d.Coupon.Generate is null && d.Coupon.Codes is null)))
            problems.Add(Ui.T("a coupon campaign needs coupon.generate or coupon.codes."));
        if (d.Coupon is not null) problems.AddRange(d.Coupon.Terms().Problems(Ui.T("coupon: ")));
        if (d.Type == CampaignTypes.LuckyDraw)
        {
            if (d.Draw?.Limits is { } limits) problems.AddRange(limits.Problems());
            if (d.Draw is null || d.Draw.Prizes.Count == 0) problems.Add(Ui.T("a lucky draw needs draw.prizes."));
            else
            {
                if (d.Draw.Prizes.Any(p => p.Weight < 0 || p.Inventory < 0)) problems.Add(Ui.T("prize weights and inventories must not be negative."));
                if (d.Draw.NoWinWeight < 0 || d.Draw.Prizes.Sum(p => p.Weight) + d.Draw.NoWinWeight <= 0)
                    problems.Add(Ui.T("the weights must add up to more than zero."));
                if (d.Draw.PerDay < 1 || d.Draw.Total < d.Draw.PerDay) problems.Add(Ui.T("draw.perDay must be at least 1 and draw.total at least perDay."));
                if (d.Draw.Prizes.Any(p => p.Coupon is not null && p.Coupon.Count < p.Inventory))
                    problems.Add(Ui.T("a prize's coupon count must cover its inventory."));
                foreach (var p in d.Draw.Prizes)
                {
                    if (p.KindOrDefault is not (PrizeKinds.Coupon or PrizeKinds.Physical or PrizeKinds.Points))
                        problems.Add(Ui.T("prize {0}: kind must be coupon, physical or points.", p.Name));
                    if (p.Value is < 0 or > 10_000_000) problems.Add(Ui.T("prize {0}: value must be 0-10,000,000 yuan.", p.Name));
                    else if (p.KindOrDefault == PrizeKinds.Coupon && p.Coupon is null)
                        problems.Add(Ui.T("prize {0}: a coupon prize needs coupon codes.", p.Name));
                    else if (p.KindOrDefault == PrizeKinds.Physical && p.Coupon is not null)
                        problems.Add(Ui.T("prize {0}: a physical prize has no coupon codes.", p.Name));
                    if (p.Pace is not null) problems.AddRange(p.Pace.Problems(Ui.T("prize {0}: ", p.Name)));
                    if (p.ClaimDays is < 1 or > 365) problems.Add(Ui.T("prize {0}: claimDays must be 1-365.", p.Name));
                    problems.AddRange(p.Terms().Problems(Ui.T("prize {0}: ", p.Name)));
                }
            }
        }
        return problems;
    }

    public async Task<Campaign> CreateAsync(CampaignDefinition d, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var campaign = new Campaign
        {
            Slug = d.Slug,
            Type = d.Type,
            Title = d.Title,
            Description = d.Description,
            StartsAt = UtcTime.From(d.StartsAt),
            EndsAt = UtcTime.From(d.EndsAt),
            Status = d.Status,
            Channels = string.Join(',', d.Channels),
            PolicyVersion = d.PolicyVersion,
            Purposes = string.Join(',', d.Purposes),
            RetentionDays = d.RetentionDays,
            Sources = Attribution.Join(d.Sources),
            CreatedAt = now,
            PhoneNumberDailyBudget = d.PhoneNumberDailyBudget,
            Organiser = string.IsNullOrWhiteSpace(d.Organiser) ? null : d.Organiser.Trim(),
        };
        campaign.SetShare(d.Share);
        if (d.Coupon is { } coupon)
        {
            campaign.CouponValidDays = coupon.ValidDays;
            campaign.CouponValidFrom = UtcTime.From(coupon.ValidFrom);
            campaign.CouponValidUntil = UtcTime.From(coupon.ValidUntil);
            campaign.CouponStores = string.Join(',', coupon.Stores ?? []);
            campaign.CouponRedeemHours = coupon.RedeemHours ?? "";
            campaign.CouponPoolId = (await CreatePoolAsync($"{d.Slug} coupons", coupon.Generate, coupon.Codes, cancellationToken)).Id;
        }
        if (d.Draw is { } draw)
        {
            campaign.NoWinWeight = draw.NoWinWeight;
            campaign.DrawsPerDay = draw.PerDay;
            campaign.DrawsTotal = draw.Total;
            if (draw.Limits is { } limits)
                (
                    campaign.LimitPerAddressPerDay,
                    campaign.LimitPerSegmentPerDay,
                    campaign.LimitPerDevicePerDay,
                    campaign.LimitPerStorePerWindow,
                    campaign.LimitStoreWindowMinutes) =
                    (limits.PerAddressPerDay, limits.PerSegmentPerDay, limits.PerDevicePerDay, limits.PerStorePerWindow, limits.StoreWindowMinutes);
            var position = 0;
            foreach (var p in draw.Prizes)
            {
                var pool = p.Coupon is null ? null : await CreatePoolAsync($"{d.Slug} {p.Name}", p.Coupon, null, cancellationToken);
                campaign.Prizes.Add(new Prize
                {
                    Name = p.Name,
                    Weight = p.Weight,
                    Inventory = p.Inventory,
                    Remaining = p.Inventory,
                    CouponPoolId = pool?.Id,
                    Position = position++,
                    Kind = p.KindOrDefault,
                    ValidDays = p.ValidDays,
                    ValidFrom = UtcTime.From(p.ValidFrom),
                    ValidUntil = UtcTime.From(p.ValidUntil),
                    Stores = string.Join(',', p.Stores ?? []),
                    RedeemHours = p.RedeemHours ?? "",
                    ClaimDays = p.ClaimDays,
                });
                campaign.Prizes[^1].SetPace(p.Pace);
                campaign.Prizes[^1].ValueYuan = p.Value;
            }
        }
        db.Add(campaign);
        await db.SaveChangesAsync(cancellationToken);
        return campaign;
    }

    public async Task<CouponPool> CreatePoolAsync(string name, CodeSource? generate, IEnumerable<string>? codes, CancellationToken cancellationToken)
    {
        var pool = new CouponPool { Name = name, CreatedAt = time.GetUtcNow().UtcDateTime };
        db.Add(pool);
        await db.SaveChangesAsync(cancellationToken);
        var all = new HashSet<string>(codes ?? [], StringComparer.Ordinal);
        while (generate is not null && all.Count < (codes?.Count() ?? 0) + generate.Count)
            all.Add(generate.Prefix + RandomNumberGenerator.GetString(CodeAlphabet, 10));
        db.AddRange(all.Select(c => new CouponCode { PoolId = pool.Id, Code = c }));
        await db.SaveChangesAsync(cancellationToken);
        return pool;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}$")]
    private static partial Regex SlugPattern();
}
