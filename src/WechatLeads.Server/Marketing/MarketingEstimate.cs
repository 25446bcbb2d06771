using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Marketing;

/// <summary>
/// 预计触达: before scheduling, how many people a send would reach today — the audience as it would be drawn, each
/// person put through the gate every message passes (consent in force under the current notice, no opt-out, a
/// WeChat identity where needed) and the frequency cap. Nothing is written and no slot is taken. Large audiences
/// are examined up to <see cref="Examined"/> people and the rest scaled, which the answer says.
/// </summary>
internal sealed class MarketingEstimate(LeadsDbContext db, MarketingAudience audience, MarketingGate gate, IOptionsMonitor<MarketingOptions> options,
    TimeProvider time)
{
    public const int Examined = 5000;

    public sealed record EstimateRequest(string? Channel, MarketingAdminEndpoints.AudienceInput? Audience);

    /// <param name="Drawn">People the audience would draw (one per person, consent at the time of joining).</param>
    /// <param name="Reachable">Of those, who would be sent to now.</param>
    /// <param name="Skipped">Why the others would be skipped, by reason (frequency_cap among them).</param>
    /// <param name="Scaled">The audience was larger than <see cref="Examined"/>: reachable and skipped are scaled from a sample.</param>
    public sealed record Estimate(int Drawn, int Reachable, IReadOnlyDictionary<string, int> Skipped, bool Scaled)
    {
        /// <summary>The estimate in a sentence or two, for the console.</summary>
        public IReadOnlyList<string> Summary =>
        [
            $"预计触达 {Reachable} 人（受众 {Drawn} 人{(Scaled ? $"，按其中 {Examined} 人估算" : "")}）。",
            .. Skipped.OrderByDescending(s => s.Value).Select(s => $"· {MarketingNames.SkipReason(s.Key)}：{s.Value} 人"),
        ];
    }

    public async Task<Estimate> OfAsync(string channel, MarketingAdminEndpoints.AudienceInput a, CancellationToken ct)
    {
        var send = MarketingDraft.Audience(new MarketingSend { Name = "estimate", Channel = channel, Text = "", CreatedBy = "estimate" }, a);
        var drawn = await audience.Query(send).CountAsync(ct);
        var sample = await audience.Query(send).Take(Examined).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var cap = options.CurrentValue;
        var cutoff = now - cap.CapWindow;
        var skipped = new Dictionary<string, int>(StringComparer.Ordinal);
        var reachable = 0;
        foreach (var member in sample)
        {
            var (facts, _) = await gate.FactsAsync(new MarketingDelivery { PersonId = member.PersonId, LeadId = member.LeadId }, channel, now, ct);
            var reason = MarketingGate.Decide(facts);
            if (reason is null
                && await db.Set<MarketingQuotaSlot>().CountAsync(s => s.PersonId == member.PersonId && s.LastUsedAt > cutoff, ct) >= cap.CapMessages)
                reason = SkipReasons.FrequencyCap;
            if (reason is null) reachable++;
            else skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
        }
        if (sample.Count == 0 || sample.Count == drawn) return new Estimate(drawn, reachable, skipped, false);
        var scale = (double)drawn / sample.Count;
        return new Estimate(drawn, (int)Math.Round(reachable * scale), skipped.ToDictionary(k => k.Key, k => (int)Math.Round(k.Value * scale)), true);
    }
}

internal static class MarketingEstimateEndpoints
{
    public static RouteGroupBuilder MapMarketingEstimate(this RouteGroupBuilder admin)
    {
        admin.MapPost("/marketing/estimate", EstimateAsync).WithName("EstimateMarketingAudience")
            .WithSummary("How many people a send would reach now: the audience drawn, then consent, opt-out, WeChat identity and the frequency cap; " +
                "skipped counts by reason. Nothing is written.")
            .ProducesValidationProblem();
        return admin;
    }

    private static async Task<Results<Ok<MarketingEstimate.Estimate>, ValidationProblem>> EstimateAsync(
        MarketingEstimate.EstimateRequest body, MarketingEstimate estimate, MarketingDraft draft, CancellationToken ct)
    {
        var channel = body.Channel ?? "";
        var a = body.Audience ?? new MarketingAdminEndpoints.AudienceInput(null, null, null, null, null);
        var problems = new List<string>();
        if (!MarketingChannels.All.Contains(channel)) problems.Add(MarketingDraft.UnknownChannel());
        problems.AddRange(await draft.AudienceProblemsAsync(a, ct));
        if (problems.Count > 0) return ApiProblem.Validation("estimate", problems);
        return TypedResults.Ok(await estimate.OfAsync(channel, a, ct));
    }
}
