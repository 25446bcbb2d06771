using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Sandbox;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Marketing;

/// <summary>A seeded lead: the person, their phone and the WeChat identity they joined with.</summary>
public sealed record SeededLead(string PersonId, string LeadId, string Phone, string OpenId, string SubjectKey);

/// <summary>
/// Leads written straight into the database, as the participation path would leave them (encrypted phone,
/// blind index, a marketing grant in the ledger): thousands in a second, for sends that need an audience.
/// </summary>
public static class MarketingSeed
{
    public static async Task<List<SeededLead>> LeadsAsync(
        WechatLeadsFactory app, int count, string campaign = "spring-coupon", string policyVersion = "2026-11", bool grant = true, int firstPhone = 0)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
        var phones = scope.ServiceProvider.GetRequiredService<PhoneProtector>();
        var subjects = scope.ServiceProvider.GetRequiredService<WechatLeads.Server.Security.SubjectHasher>();
        var campaignId = await db.Set<Campaign>().Where(c => c.Slug == campaign).Select(c => c.Id).SingleAsync();
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime; // the host's clock, which a test may have moved
        var seeded = new List<SeededLead>();
        for (var i = 0; i < count; i++)
        {
            var digits = $"135{firstPhone + i:D8}";
            PhoneNumber.TryParse(digits, out var phone);
            var openId = "o" + SandboxState.RandomString(27);
            var lead = new SeededLead(Ids(), Ids(), digits, openId, subjects.HashOpenId(openId)); // the key the webhook derives too
            seeded.Add(lead);
            db.Add(new Person
            {
                Id = lead.PersonId,
                PhoneIndex = phones.BlindIndex(phone!.Value),
                PhoneCipher = phones.Encrypt(phone.Value),
                CreatedAt = now,
                Proven = true
            });
            db.Add(new Lead
            {
                Id = lead.LeadId,
                CampaignId = campaignId,
                PersonId = lead.PersonId,
                SubjectKey = lead.SubjectKey,
                OpenId = lead.OpenId,
                Channel = "h5",
                Source = "seed",
                MarketingConsent = true,
                CreatedAt = now,
                ExpiresAt = now.AddDays(180),
            });
            if (grant)
                db.Add(new ConsentEvent
                {
                    SubjectKey = lead.SubjectKey,
                    OpenId = lead.OpenId,
                    Purpose = ConsentPurposes.Marketing,
                    Action = ConsentActions.Granted,
                    Scope = campaign,
                    PolicyVersion = policyVersion,
                    Channel = "h5",
                    OccurredAt = now,
                });
        }
        await db.SaveChangesAsync();
        return seeded;
    }

    public static Task WithdrawAsync(WechatLeadsFactory app, SeededLead lead, string scope) =>
        Unsubscribe.OptOutSteps.WithdrawInLedgerAsync(app, lead.SubjectKey, scope, channel: "h5");

    private static string Ids() => Guid.CreateVersion7().ToString("N");
}
