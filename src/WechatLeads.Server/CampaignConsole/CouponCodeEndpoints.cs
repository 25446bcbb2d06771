using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Participation;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.CampaignConsole;

internal static class CouponCodeEndpoints
{
    /// <summary>The answer lists the first <see cref="MaxListed"/> rejected lines; <c>RejectedCount</c> counts them all.</summary>
    public sealed record ImportReport(int Lines, int Imported, int RejectedCount, IReadOnlyList<CouponCodeImport.Rejected> Rejected, PoolSummary Pool);

    private const int MaxListed = 1000;

    public sealed record PoolSummary(int Total, int Free);

    public static RouteGroupBuilder MapCouponCodeImport(this RouteGroupBuilder admin)
    {
        admin.MapPost("/campaigns/{slug}/codes", ImportAsync).WithName("ImportCouponCodes")
            .WithSummary("Adds coupon codes from a CSV body (text/csv, first column) to the campaign's pool, or a prize's with ?prize={id}. Answers which " +
                "lines were rejected and why.")
            // No Accepts<>(): content-type matching would answer 415 before authentication, and browsers
            // label uploaded files inconsistently. The body is read as UTF-8 text whatever it is called.
            .WithMetadata(new RequestSizeLimitAttribute(8 * 1024 * 1024));
        return admin;
    }

    private static async Task<Results<Ok<ImportReport>, ProblemHttpResult>> ImportAsync(
        string slug,
        long? prize,
        HttpRequest request,
        LeadsDbContext db,
        CampaignFactory factory,
        CampaignCatalog catalog,
        AuditLog audit,
        CancellationToken ct)
    {
        var campaign = await db.Set<Campaign>().Include(c => c.Prizes).SingleOrDefaultAsync(c => c.Slug == slug, ct);
        if (campaign is null) return CampaignProblems.NotFound.ToResult();
        if (campaign.Status == CampaignStatus.Ended) return CampaignProblems.Ended.ToResult();
        Prize? target = null;
        if (prize is { } prizeId && (target = campaign.Prizes.SingleOrDefault(p => p.Id == prizeId)) is null)
            return CampaignProblems.PrizeNotFound.ToResult();
        if (target is null && campaign.CouponPoolId is null)
            return CampaignProblems.NoCouponPool.ToResult();

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var parsed = await CouponCodeImport.ParseAsync(reader, ct);
        if (parsed.TooManyLines)
            return CampaignProblems.TooManyCodeLines.ToResult();

        var poolId = target is null ? campaign.CouponPoolId : target.CouponPoolId;
        if (poolId is null && parsed.Codes.Count > 0)
        {
            // A prize that had no codes gets a pool with its first import that brings any — never an empty
            // pool, which would turn every win of a physical prize into 谢谢参与.
            target!.CouponPoolId = poolId = (await factory.CreatePoolAsync($"{slug} {target.Name}", null, null, ct)).Id;
            target.Kind = PrizeKinds.Coupon; // codes make it a coupon prize, as in a definition (PrizeDefinition.KindOrDefault)
            await db.SaveChangesAsync(ct);
            catalog.Invalidate(slug);
        }
        var pool = poolId ?? 0; // 0: no pool yet, and nothing to put in one

        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in parsed.Codes.Select(c => c.Code).Chunk(500))
            existing.UnionWith(await db.Set<CouponCode>()
                .AsNoTracking()
                .Where(c => c.PoolId == pool && chunk.Contains(c.Code))
                .Select(c => c.Code)
                .ToListAsync(ct));
        var fresh = parsed.Codes.Where(c => !existing.Contains(c.Code)).ToList();
        var rejected = parsed.Rejected.Concat(parsed.Codes.Where(c => existing.Contains(c.Code))
            .Select(c => new CouponCodeImport.Rejected(c.Line, c.Code, Ui.T("already in the pool"))))
            .OrderBy(r => r.Line).ToList();
        db.AddRange(fresh.Select(c => new CouponCode { PoolId = pool, Code = c.Code }));
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            // The unique (pool, code) index refused a code another import added a moment ago: all or nothing.
            return CampaignProblems.CodeImportRaced.ToResult();
        }
        var summary = new PoolSummary(
            await db.Set<CouponCode>().CountAsync(c => c.PoolId == pool, ct),
            await db.Set<CouponCode>().CountAsync(c => c.PoolId == pool && c.ParticipationId == null, ct));
        await audit.AppendAsync(request.HttpContext, new AuditRecord(AuditActions.CodesImported, $"campaign:{slug} pool:{pool}", fresh.Count), ct);
        return TypedResults.Ok(new ImportReport(
            parsed.Codes.Count + parsed.Rejected.Count,
            fresh.Count,
            rejected.Count,
            rejected.Take(MaxListed).ToList(),
            summary));
    }
}
