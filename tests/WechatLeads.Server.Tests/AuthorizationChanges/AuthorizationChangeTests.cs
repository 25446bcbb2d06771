using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Audit;
using WechatLeads.Server.AuthorizationChanges;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Followers;
using WechatLeads.Server.Leads;
using WechatLeads.Server.PhoneProof;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Server.Tests.Marketing;
using WechatLeads.Wechat.Messages;

namespace WechatLeads.Server.Tests.AuthorizationChanges;

/// <summary>Both push URLs in safe mode (the sandbox's default: each has an EncodingAESKey).</summary>
public sealed class SafeModeAuthorizationChangeTests() : AuthorizationChangeTests(safe: true, null);

/// <summary>Both push URLs in plain mode (明文模式): signature over token, timestamp and nonce only.</summary>
public sealed class PlainModeAuthorizationChangeTests() : AuthorizationChangeTests(safe: false, new Dictionary<string, string?>
{
    ["Wechat:OfficialAccount:MessageMode"] = "Plain",
    ["Wechat:MiniProgram:MessageMode"] = "Plain",
});

/// <summary>
/// 授权用户信息变更, signed as WeChat signs it, on the mini-program's push URL and on /wechat: a revoked phone number
/// and a deleted WeChat account erase what they should, once, however often WeChat repeats the push.
/// </summary>
public abstract class AuthorizationChangeTests(bool safe, IDictionary<string, string?>? settings) : HostedTests(settings)
{
    private static readonly WechatPush MiniProgramPush = WechatPush.MiniProgram();
    private static readonly WechatPush AccountPush = new();

    private async Task<HttpResponseMessage> SendAsync(WechatPush push, string xml)
    {
        var response = await App.CreateClient().SendAsync(safe ? push.Safe(xml) : push.Plain(xml));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        return response;
    }

    private Task<AuthorizationChange> AppliedAsync(string subjectKey) =>
        Eventually.ReturnsAsync(() => App.QueryAsync(db => db.Set<AuthorizationChange>().AsNoTracking().SingleOrDefaultAsync(c => c.SubjectKey == subjectKey)),
            c => c?.AppliedAt is not null, "the authorisation change is applied")!;

    /// <summary>A second identity (the Official Account's openid, say) that joined with the same number.</summary>
    private async Task<string> SameNumberElsewhereAsync(SeededLead lead)
    {
        var otherSubject = "other-" + Guid.NewGuid().ToString("N")[..20];
        await App.QueryAsync(async db =>
        {
            var campaignId = await db.Set<Campaigns.Campaign>().Where(c => c.Slug == "lucky-draw").Select(c => c.Id).SingleAsync();
            db.Add(new Lead
            {
                Id = Guid.NewGuid().ToString("N"),
                CampaignId = campaignId,
                PersonId = lead.PersonId,
                SubjectKey = otherSubject,
                Channel = "h5",
                Source = "seed",
                MarketingConsent = true,
                CreatedAt = DateTime.UtcNow,
                ExpiresAt = DateTime.UtcNow.AddDays(30),
            });
            db.Add(new PhoneVerification
            {
                Id = Guid.NewGuid().ToString("N"),
                Purpose = PhoneCodePurposes.Participation,
                SubjectKey = lead.SubjectKey,
                PhoneCipher = "x",
                PhoneIndex = "y",
                CodeHash = "z",
                CreatedAt = DateTime.UtcNow,
                ExpiresAt = DateTime.UtcNow.AddMinutes(5),
            });
            return await db.SaveChangesAsync();
        });
        return otherSubject;
    }

    [Fact]
    public async Task Revoking_the_phone_number_erases_the_identitys_number_and_proof_and_stops_marketing_to_the_number()
    {
        var lead = (await MarketingSeed.LeadsAsync(App, 1, firstPhone: safe ? 700 : 800))[0];
        var otherSubject = await SameNumberElsewhereAsync(lead);
        var push = WechatPush.AuthorizationChange(AuthorizationChangeEvent.Revoke, lead.OpenId, SandboxCredentials.MiniProgramAppId, "8");

        await SendAsync(MiniProgramPush, push);
        await SendAsync(MiniProgramPush, push); // WeChat's retry of the same push: de-duplicated

        var change = await AppliedAsync(lead.SubjectKey);
        Assert.Equal((AuthorizationChangeKinds.PhoneRevoked, "miniprogram", "8"), (change.Kind, change.Source, change.RevokeInfo));
        Assert.Equal(0, await App.QueryAsync(db => db.Set<Lead>().CountAsync(l => l.SubjectKey == lead.SubjectKey)));
        Assert.Equal(0, await App.QueryAsync(db => db.Set<PhoneVerification>().CountAsync(v => v.SubjectKey == lead.SubjectKey)));
        // The other identity keeps its lead (it proved the number itself), but gets no more marketing to it.
        Assert.Equal(1, await App.QueryAsync(db => db.Set<Lead>().CountAsync(l => l.SubjectKey == otherSubject)));
        var withdrawals = await App.QueryAsync(db => db.Set<ConsentEvent>().AsNoTracking()
            .Where(e => e.Channel == ApplyAuthorizationChange.WithdrawalChannel
                && e.Action == ConsentActions.Withdrawn
                && e.Scope == "*").Select(e => e.SubjectKey).ToListAsync());
        Assert.Equal(new[] { lead.SubjectKey, otherSubject }.Order(), withdrawals.Order());
        // Consent evidence stays, pseudonymised.
        Assert.All(await App.QueryAsync(db => db.Set<ConsentEvent>().AsNoTracking().Where(e => e.SubjectKey == lead.SubjectKey).ToListAsync()),
            e => Assert.Null(e.OpenId));

        Assert.Equal(1, await App.QueryAsync(db => db.Set<AuthorizationChange>().CountAsync()));
        var audit = await App.QueryAsync(db => db.Set<AuditEntry>()
            .AsNoTracking()
            .Where(a => a.Action == AuditActions.AuthorizationChangeApplied)
            .ToListAsync());
        Assert.Equal(("WeChat", "system"), (Assert.Single(audit).Actor, audit[0].Role));
        var report = await App.CreateAdminClient(WechatLeadsFactory.ComplianceKey).GetFromJsonAsync<JsonElement>("/admin/api/compliance/report?format=json");
        var row = Assert.Single(report.GetProperty("authorizationChanges").EnumerateArray());
        Assert.Equal(
            (AuthorizationChangeKinds.PhoneRevoked, 1, 1),
            (row.GetProperty("kind").GetString(), row.GetProperty("received").GetInt32(), row.GetProperty("applied").GetInt32()));
    }

    [Fact]
    public async Task Deleting_the_wechat_account_erases_everything_held_about_the_identity()
    {
        var openId = await Unsubscribe.OptOutSteps.FollowAsync(App); // a follower of the account…
        var lead = (await MarketingSeed.LeadsAsync(App, 1, firstPhone: safe ? 900 : 950))[0];
        await App.QueryAsync(db => db.Set<Lead>().Where(l => l.Id == lead.LeadId)   // …whose lead it is
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.OpenId, openId)
                .SetProperty(l => l.SubjectKey, App.Services.GetRequiredService<WechatLeads.Server.Security.SubjectHasher>().HashOpenId(openId))));
        var subjectKey = App.Services.GetRequiredService<WechatLeads.Server.Security.SubjectHasher>().HashOpenId(openId);

        await SendAsync(AccountPush, WechatPush.AuthorizationChange(AuthorizationChangeEvent.Cancellation, openId, SandboxCredentials.AppId));

        var change = await AppliedAsync(subjectKey);
        Assert.Equal((AuthorizationChangeKinds.AccountCancelled, "officialaccount"), (change.Kind, change.Source));
        Assert.Null(await Unsubscribe.OptOutSteps.FollowerAsync(App, openId)); // still following, but the account no longer exists
        Assert.Equal(0, await App.QueryAsync(db => db.Set<Lead>().CountAsync(l => l.SubjectKey == subjectKey)));
        Assert.Equal(0, await App.QueryAsync(db => db.Set<Person>().CountAsync(p => p.Id == lead.PersonId)));
    }

    [Fact]
    public async Task A_profile_change_or_another_revoked_item_is_recorded_and_needs_no_erasure()
    {
        var lead = (await MarketingSeed.LeadsAsync(App, 1, firstPhone: 990))[0];
        await SendAsync(MiniProgramPush, WechatPush.AuthorizationChange(AuthorizationChangeEvent.Modified, lead.OpenId, SandboxCredentials.MiniProgramAppId));
        await SendAsync(
            MiniProgramPush,
            WechatPush.AuthorizationChange(AuthorizationChangeEvent.Revoke, lead.OpenId, SandboxCredentials.MiniProgramAppId, "13", at: WechatPush.Now - 1));

        var changes = await App.QueryAsync(db => db.Set<AuthorizationChange>().AsNoTracking().Where(c => c.SubjectKey == lead.SubjectKey).ToListAsync());
        Assert.Equal([AuthorizationChangeKinds.OtherRevoked, AuthorizationChangeKinds.ProfileModified], changes.Select(c => c.Kind).Order());
        Assert.All(changes, c => Assert.NotNull(c.AppliedAt));
        Assert.Equal(1, await App.QueryAsync(db => db.Set<Lead>().CountAsync(l => l.SubjectKey == lead.SubjectKey)));
    }

    [Fact]
    public async Task A_push_about_another_app_is_acknowledged_and_changes_nothing()
    {
        var lead = (await MarketingSeed.LeadsAsync(App, 1, firstPhone: 995))[0];
        await SendAsync(MiniProgramPush, WechatPush.AuthorizationChange(AuthorizationChangeEvent.Revoke, lead.OpenId, "wx0000000000000000", "8"));
        await Eventually.SettleAsync();
        Assert.Equal(0, await App.QueryAsync(db => db.Set<AuthorizationChange>().CountAsync(c => c.SubjectKey == lead.SubjectKey)));
        Assert.Equal(1, await App.QueryAsync(db => db.Set<Lead>().CountAsync(l => l.SubjectKey == lead.SubjectKey)));
    }

    [Fact]
    public async Task The_mini_program_push_url_takes_only_pushes_signed_with_the_mini_programs_token()
    {
        var xml = WechatPush.AuthorizationChange(AuthorizationChangeEvent.Cancellation, WechatPush.NewOpenId(), SandboxCredentials.MiniProgramAppId);
        var signedForTheAccount = safe ? AccountPush.Safe(xml) : AccountPush.Plain(xml);
        signedForTheAccount.RequestUri = new Uri(signedForTheAccount.RequestUri!.OriginalString.Replace("/wechat?", "/wechat/miniprogram?"), UriKind.Relative);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().SendAsync(signedForTheAccount)).StatusCode);
        // And a mini-program's text message is not a reply to the account: no opt-out, no reply, just success.
        var tdXml = WechatPush.Text(WechatPush.NewOpenId(), "TD");
        var text = await App.CreateClient().SendAsync(safe ? MiniProgramPush.Safe(tdXml) : MiniProgramPush.Plain(tdXml));
        Assert.Equal("success", await text.Content.ReadAsStringAsync());
    }
}
