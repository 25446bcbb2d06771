using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Participation;
using WechatLeads.Server.Platform.Identity;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Security;

namespace WechatLeads.Server.Sandbox;

/// <summary>
/// A bonus-hunting farm (羊毛党) in a box, for the sandbox only: many mini-program accounts sharing a few phone
/// numbers and a few addresses play a draw through the real participation path, beside a handful of honest
/// players; the answer counts what each side got and why the farm was refused. The dashboard's 异常监控 then
/// shows the burst and its segments, and the limits and risk actions show in the counts.
/// </summary>
internal sealed class FarmSimulator(ParticipationService participations, CampaignCatalog catalog, SandboxState sandbox, SubjectHasher hasher)
{
    public const int MaxAccounts = 1000;

    /// <param name="RiskRank">What the sandbox's WeChat answers for the farm's accounts (0–4); honest players are rank 0.</param>
    public sealed record FarmRequest(string Slug, int Accounts = 200, int Numbers = 20, int Addresses = 3, int Honest = 10, int RiskRank = 4)
    {
        public IEnumerable<string> Problems()
        {
            if (Accounts is < 1 or > MaxAccounts) yield return $"accounts must be 1-{MaxAccounts}.";
            if (Numbers is < 1 or > 999) yield return "numbers must be 1-999.";
            if (Addresses is < 1 or > 200) yield return "addresses must be 1-200.";
            if (Honest is < 0 or > 200) yield return "honest must be 0-200.";
            if (RiskRank is < 0 or > 4) yield return "riskRank must be 0-4.";
        }
    }

    public sealed record Side(int Attempts, int Won, int NoWin, IReadOnlyDictionary<string, int> Refused);

    public sealed record FarmResult(string Campaign, Side Farm, Side Honest);

    public async Task<FarmResult?> RunAsync(FarmRequest request, CancellationToken ct)
    {
        if (await catalog.GetAsync(request.Slug, ct) is not { } entry) return null;
        // Each run its own accounts and numbers (11 digits: prefix, run, index), so runs can be repeated.
        var run = SandboxState.RandomString(6);
        var block = Random.Shared.Next(1000, 10000);
        var farm = Enumerable.Range(0, request.Accounts).Select(i =>
            new Player($"ofarm{run}{i:D4}", $"1770{block}{i % request.Numbers:D3}", $"198.51.100.{10 + i % request.Addresses}", request.RiskRank));
        var honest = Enumerable.Range(0, request.Honest).Select(i =>
            new Player($"ohonest{run}{i:D4}", $"1590{block}{i:D3}", $"203.0.{(i % 200) + 1}.{(i * 37 % 250) + 1}", 0));
        var farmSide = await PlayAsync(entry, [.. farm], ct);
        var honestSide = await PlayAsync(entry, [.. honest], ct);
        return new FarmResult(request.Slug, farmSide, honestSide);
    }

    private sealed record Player(string OpenId, string Phone, string Ip, int RiskRank);

    private async Task<Side> PlayAsync(CampaignCatalog.Entry entry, IReadOnlyList<Player> players, CancellationToken ct)
    {
        int won = 0, noWin = 0;
        var refused = new Dictionary<string, int>();
        using var gate = new SemaphoreSlim(8); // a farm's script, not a stampede: the point is what gets through
        await Task.WhenAll(players.Select(async p =>
        {
            await gate.WaitAsync(ct);
            try
            {
                sandbox.SetRiskRank(p.OpenId, p.RiskRank);
                var who = new Participant(p.OpenId, hasher.HashOpenId(p.OpenId), CampaignChannels.MiniProgram, null);
                var input = new ParticipationInput
                {
                    Consents = [new ConsentInput(ConsentPurposes.Service, entry.Campaign.PolicyVersion)],
                    PhoneCode = sandbox.IssueCode("phone", p.Phone, TimeSpan.FromMinutes(5), p.OpenId),
                    Source = "farm-simulator",
                };
                var answer = await participations.ParticipateAsync(entry.Campaign.Slug, who, input, "farm:" + p.OpenId, p.Ip, "sandbox-farm", ct);
                if (answer.Outcome == Leads.ParticipationOutcomes.NoWin) Interlocked.Increment(ref noWin);
                else Interlocked.Increment(ref won);
            }
            catch (ApiProblemException e)
            {
                lock (refused) refused[e.Problem.Code] = refused.GetValueOrDefault(e.Problem.Code) + 1;
            }
            finally
            {
                gate.Release();
            }
        }));
        return new Side(players.Count, won, noWin, refused);
    }
}
