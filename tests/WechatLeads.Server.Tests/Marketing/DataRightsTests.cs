using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.DataRights;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Server.Tests.Unsubscribe;

namespace WechatLeads.Server.Tests.Marketing;

/// <summary>Each data-subject request end to end: a copy, a verified correction, a deletion — and what Compliance sees.</summary>
public sealed partial class DataRightsTests() : HostedTests
{
    [Fact]
    public async Task A_person_copies_corrects_and_deletes_their_data_and_compliance_sees_each_request()
    {
        var mp = await MiniProgramClient.LoginAsync(App);
        Assert.Equal(HttpStatusCode.Created, (await mp.JoinAsync("spring-coupon", "13912345678", marketing: true)).StatusCode);

        var copy = await mp.Http.GetFromJsonAsync<JsonElement>("/api/me/export");
        Assert.Equal(["13912345678"], copy.GetProperty("phoneNumbers").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("spring-coupon", copy.GetProperty("campaigns")[0].GetProperty("campaign").GetString());
        Assert.Contains(copy.GetProperty("consents").EnumerateArray(), c => c.GetProperty("purpose").GetString() == "marketing");
        Assert.StartsWith("LATTE5-", copy.GetProperty("prizes")[0].GetProperty("couponCode").GetString());

        // Correction: a code goes to the new number; a wrong code changes nothing.
        var sent = await mp.Http.PostAsJsonAsync("/api/me/phone", new { phone = "13698765432" });
        var verificationId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("verificationId").GetString();
        var sms = Assert.Single(App.Sandbox.SmsMessages, m => m.Phone == "13698765432");
        var code = Code().Match(sms.Text).Value;
        Assert.Equal(
            HttpStatusCode.UnprocessableEntity,
            (await mp.Http.PostAsJsonAsync("/api/me/phone/verify", new { verificationId, code = code == "000000" ? "111111" : "000000" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await mp.Http.PostAsJsonAsync("/api/me/phone/verify", new { verificationId, code })).StatusCode);
        // used once
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await mp.Http.PostAsJsonAsync("/api/me/phone/verify", new { verificationId, code })).StatusCode);
        var corrected = await mp.Http.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(["13698765432"], corrected.GetProperty("phoneNumbers").EnumerateArray().Select(p => p.GetString()));

        // Deletion: acknowledged once committed, carried out by a job.
        var deletion = await mp.Http.PostAsync("/api/me/deletion", null);
        Assert.Equal(HttpStatusCode.Accepted, deletion.StatusCode);
        await Eventually.TrueAsync(async () => !await App.QueryAsync(db => db.Set<Lead>().AnyAsync()), "the leads are erased");
        Assert.Equal(0, await App.CountAsync<Person>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await mp.Http.GetAsync("/api/me")).StatusCode); // the session went with the data
        var emptied = await (await MiniProgramClient.LoginAsync(App, mp.OpenId)).Http.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Empty(emptied.GetProperty("phoneNumbers").EnumerateArray());
        Assert.All(emptied.GetProperty("consents").EnumerateArray(), c => Assert.True(c.TryGetProperty("purpose", out _))); // evidence stays, pseudonymous

        var compliance = App.CreateAdminClient(WechatLeadsFactory.ComplianceKey);
        var open = await compliance.GetFromJsonAsync<JsonElement>("/admin/api/compliance/requests");
        // the download; views are not requests
        var access = Assert.Single(open.EnumerateArray(), r => r.GetProperty("type").GetString() == DataRequestTypes.Access);
        Assert.Equal("received", access.GetProperty("status").GetString());
        Assert.Equal(
            HttpStatusCode.NoContent,
            (await compliance.PostAsync($"/admin/api/compliance/requests/{access.GetProperty("id").GetString()}/answer", null)).StatusCode);

        var requests = await compliance.GetFromJsonAsync<JsonElement>("/admin/api/compliance/requests");
        var types = requests.EnumerateArray().Select(r => r.GetProperty("type").GetString()).ToList();
        Assert.Equal(1, types.Count(t => t == DataRequestTypes.Access));
        Assert.Contains(DataRequestTypes.Correct, types);
        Assert.Contains(DataRequestTypes.Delete, types);
        Assert.All(requests.EnumerateArray(), r =>
        {
            Assert.Equal("completed", r.GetProperty("status").GetString());
            Assert.False(r.GetProperty("overdue").GetBoolean());
            Assert.True(r.GetProperty("dueAt").GetDateTime() > r.GetProperty("receivedAt").GetDateTime().AddDays(18)); // 15 working days ≥ 3 weeks
        });
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (await App.CreateAdminClient(WechatLeadsFactory.OperatorKey).GetAsync("/admin/api/compliance/requests")).StatusCode);
    }

    [Fact]
    public async Task Correcting_to_a_number_someone_else_uses_tells_nothing_before_it_is_proven()
    {
        var other = await MiniProgramClient.LoginAsync(App);
        await other.JoinAsync("spring-coupon", "13700000001");
        var mp = await MiniProgramClient.LoginAsync(App);
        await mp.JoinAsync("spring-coupon", "13700000002");

        // Known or not, the answer to "send a code" is the same: nothing about the number is learned before it is proven.
        var known = await mp.Http.PostAsJsonAsync("/api/me/phone", new { phone = "13700000001" });
        var unknown = await mp.Http.PostAsJsonAsync("/api/me/phone", new { phone = "13700000003" });
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        var knownBody = await known.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ShapeOf(await unknown.Content.ReadFromJsonAsync<JsonElement>()), ShapeOf(knownBody));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await mp.Http.PostAsJsonAsync("/api/me/phone", new { phone = "12345" })).StatusCode);

        // Once proven, the number is this person's too — but that campaign already has a lead on it.
        var verificationId = knownBody.GetProperty("verificationId").GetString();
        var verify = await mp.Http.PostAsJsonAsync("/api/me/phone/verify", new { verificationId, code = App.LatestSmsCode("13700000001") });
        Assert.Equal(HttpStatusCode.Conflict, verify.StatusCode);
        Assert.Equal("phone_in_campaign", (await verify.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    private static string ShapeOf(JsonElement json) => string.Join(",", json.EnumerateObject().Select(p => p.Name + ":" + p.Value.ValueKind));

    [Fact]
    public async Task Unfollowing_erases_the_leads_and_phone_number_made_with_that_identity()
    {
        var openId = await OptOutSteps.FollowAsync(App);
        var lead = (await MarketingSeed.LeadsAsync(App, 1))[0];
        // Re-point the seeded lead at this follower: a lead made on the account's H5 page.
        var subject = await App.QueryAsync(db =>
            Task.FromResult(App.Services.GetService(typeof(WechatLeads.Server.Security.SubjectHasher)) is WechatLeads.Server.Security.SubjectHasher h
                ? h.HashOpenId(openId)
                : ""));
        await App.QueryAsync(db => db.Set<Lead>()
            .Where(l => l.Id == lead.LeadId)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.OpenId, openId).SetProperty(l => l.SubjectKey, subject)));

        await OptOutSteps.PushAsync(App, openId, "unsubscribe");
        await Eventually.TrueAsync(
            async () => !await App.QueryAsync(db => db.Set<Lead>().AnyAsync(l => l.Id == lead.LeadId)),
            "the lead is erased on unfollow");
        Assert.False(await App.QueryAsync(db => db.Set<Person>().AnyAsync(p => p.Id == lead.PersonId)));
    }

    [GeneratedRegex(@"\d{6}")]
    private static partial Regex Code();
}
