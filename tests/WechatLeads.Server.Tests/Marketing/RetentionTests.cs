using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Retention;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Marketing;

/// <summary>Retention over simulated months: expired data disappears on its own, the evidence stays without identifiers.</summary>
public sealed class RetentionTests : IAsyncLifetime
{
    private readonly AdjustableClock _clock = new(AdjustableClock.ChinaTimeToday(10));
    private WechatLeadsFactory _app = null!;

    public Task InitializeAsync()
    {
        _app = new WechatLeadsFactory(time: _clock);
        _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<RetentionRun> PurgeAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var id = await scope.ServiceProvider.GetRequiredService<RetentionPurge>().RunAsync("test", CancellationToken.None);
        return await _app.QueryAsync(db => db.Set<RetentionRun>().AsNoTracking().SingleAsync(r => r.Id == id));
    }

    private Task ExpireAsync(SeededLead lead, int daysFromNow) =>
        _app.QueryAsync(db => db.Set<Lead>().Where(l => l.Id == lead.LeadId)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, _clock.GetUtcNow().UtcDateTime.AddDays(daysFromNow))));

    [Fact]
    public async Task Leads_and_phone_numbers_go_when_their_retention_ends_and_the_ledger_keeps_only_keyed_hashes()
    {
        var (shortLived, longLived) = ((await MarketingSeed.LeadsAsync(_app, 1))[0], (await MarketingSeed.LeadsAsync(_app, 1, firstPhone: 1))[0]);
        var twoCampaigns = (await MarketingSeed.LeadsAsync(_app, 1, firstPhone: 2))[0];
        var sameNumberElsewhere = twoCampaigns with { LeadId = Guid.CreateVersion7().ToString("N") }; // the same phone joined the lucky draw too
        await _app.QueryAsync(async db =>
        {
            var drawId = await db.Set<WechatLeads.Server.Campaigns.Campaign>().Where(c => c.Slug == "lucky-draw").Select(c => c.Id).SingleAsync();
            db.Add(new Lead
            {
                Id = sameNumberElsewhere.LeadId,
                CampaignId = drawId,
                PersonId = twoCampaigns.PersonId,
                SubjectKey = twoCampaigns.SubjectKey,
                OpenId = twoCampaigns.OpenId,
                Channel = "h5",
                CreatedAt = DateTime.UtcNow,
                ExpiresAt = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        await ExpireAsync(shortLived, 30);
        await ExpireAsync(longLived, 200);
        await ExpireAsync(twoCampaigns, 30);
        await ExpireAsync(sameNumberElsewhere, 200);

        var nothingYet = await PurgeAsync();
        Assert.Equal(0, nothingYet.LeadsDeleted);

        _clock.Advance(TimeSpan.FromDays(90)); // three months on
        var run = await PurgeAsync();
        Assert.Equal((2, 1), (run.LeadsDeleted, run.PersonsDeleted)); // the shared phone stays: its other lead still needs it
        Assert.NotNull(run.FinishedAt);
        var leads = await _app.QueryAsync(db => db.Set<Lead>().Select(l => l.Id).ToListAsync());
        Assert.Equal([longLived.LeadId, sameNumberElsewhere.LeadId], leads.Order());
        Assert.False(await _app.QueryAsync(db => db.Set<Person>().AnyAsync(p => p.Id == shortLived.PersonId)));
        Assert.True(await _app.QueryAsync(db => db.Set<Person>().AnyAsync(p => p.Id == twoCampaigns.PersonId)));

        // The ledger row is evidence: it stays, linkable only by the keyed hash.
        var evidence = await _app.QueryAsync(db => db.Set<ConsentEvent>().AsNoTracking().SingleAsync(e => e.SubjectKey == shortLived.SubjectKey));
        Assert.Null(evidence.OpenId);
        Assert.Equal(ConsentActions.Granted, evidence.Action);
        Assert.NotNull((await _app.QueryAsync(db => db.Set<ConsentEvent>().AsNoTracking().SingleAsync(e => e.SubjectKey == longLived.SubjectKey))).OpenId);

        _clock.Advance(TimeSpan.FromDays(365 * 3 + 1)); // the ledger period is over too
        var later = await PurgeAsync();
        Assert.False(await _app.QueryAsync(db => db.Set<ConsentEvent>().AnyAsync(e => e.SubjectKey == shortLived.SubjectKey)));
        Assert.True(later.LedgerRowsDeleted >= 1);
    }

    [Fact]
    public async Task A_shorter_retention_applies_to_leads_already_held_and_runs_are_reported_to_compliance()
    {
        var lead = (await MarketingSeed.LeadsAsync(_app, 1))[0]; // 180 days by the seed
        var admin = _app.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync("/admin/api/campaigns/spring-coupon", new { retentionDays = 30 })).StatusCode);
        _clock.Advance(TimeSpan.FromDays(31));

        var compliance = _app.CreateAdminClient(WechatLeadsFactory.ComplianceKey);
        Assert.Equal(HttpStatusCode.Accepted, (await compliance.PostAsync("/admin/api/compliance/retention/run", null)).StatusCode);
        var runs = await Eventually.ReturnsAsync(() => compliance.GetFromJsonAsync<List<RetentionRun>>("/admin/api/compliance/retention/runs"),
            r => r!.Any(x => x.FinishedAt != null), "the retention run finishes");
        Assert.Equal(1, runs!.Single().LeadsDeleted);
        Assert.StartsWith("staff:test-compliance", runs!.Single().Trigger);
        Assert.False(await _app.QueryAsync(db => db.Set<Lead>().AnyAsync(l => l.Id == lead.LeadId)));
    }
}
