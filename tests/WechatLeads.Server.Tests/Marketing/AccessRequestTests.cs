using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.DataRights;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Marketing;

/// <summary>
/// Looking at one's data is not a data-subject request; downloading a copy is, once per person until it is
/// answered — so Compliance's list shows what needs an answer and can't be flooded. And the cookie-signed-in
/// deletion API needs the antiforgery token the H5 pages carry.
/// </summary>
public sealed partial class AccessRequestTests() : HostedTests
{
    private Task<List<DataSubjectRequest>> RequestsAsync() => App.QueryAsync(db => db.Set<DataSubjectRequest>().AsNoTracking().ToListAsync());

    /// <summary>A browser that went through the sandbox's silent OAuth and holds the H5 session cookie.</summary>
    private async Task<HttpClient> SignedInBrowserAsync()
    {
        var browser = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });
        var html = await (await browser.GetAsync("/h5/oauth/start?returnUrl=%2Fh5%2Fme")).Content.ReadAsStringAsync();
        (await browser.GetAsync(WebUtility.HtmlDecode(Continue().Match(html).Groups[1].Value))).EnsureSuccessStatusCode();
        return browser;
    }

    [Fact]
    public async Task Viewing_my_data_on_the_page_or_the_api_is_not_a_request()
    {
        var mp = await MiniProgramClient.LoginAsync(App);
        await mp.JoinAsync("spring-coupon", "13911110001");
        Assert.Equal(HttpStatusCode.OK, (await mp.Http.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await mp.Http.GetAsync("/api/me")).StatusCode);
        var browser = await SignedInBrowserAsync();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/h5/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/h5/me")).StatusCode);

        Assert.Empty(await RequestsAsync());
    }

    [Fact]
    public async Task Two_downloads_by_one_person_are_one_open_access_request_until_it_is_answered()
    {
        var mp = await MiniProgramClient.LoginAsync(App);
        await mp.JoinAsync("spring-coupon", "13911110002");
        var first = await mp.Http.GetAsync("/api/me/export");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("attachment", first.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(
            ["13911110002"],
            (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("phoneNumbers").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(HttpStatusCode.OK, (await mp.Http.GetAsync("/api/me/export")).StatusCode);
        var browser = await SignedInBrowserAsync(); // someone else, on the H5 page
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/h5/me/export")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/h5/me/export")).StatusCode);

        var requests = await RequestsAsync();
        Assert.Equal(2, requests.Count); // one per person
        Assert.All(requests, r =>
        {
            Assert.Equal(DataRequestTypes.Access, r.Type);
            Assert.Equal(DataRequestStatus.Received, r.Status);
        });

        // Compliance sees both as needing an answer, answers one; that person's next download is a new request.
        var compliance = App.CreateAdminClient(WechatLeadsFactory.ComplianceKey);
        var list = await compliance.GetFromJsonAsync<JsonElement>("/admin/api/compliance/requests");
        Assert.Equal(2, list.GetArrayLength());
        var mpRequest = requests.Single(r => r.Channel == WechatLeads.Server.Campaigns.CampaignChannels.MiniProgram);
        Assert.Equal(HttpStatusCode.NoContent, (await compliance.PostAsync($"/admin/api/compliance/requests/{mpRequest.Id}/answer", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await compliance.PostAsync($"/admin/api/compliance/requests/{mpRequest.Id}/answer", null)).StatusCode);
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (await App.CreateAdminClient(WechatLeadsFactory.OperatorKey).PostAsync($"/admin/api/compliance/requests/{mpRequest.Id}/answer", null)).StatusCode);
        var answered = (await RequestsAsync()).Single(r => r.Id == mpRequest.Id);
        Assert.Equal(DataRequestStatus.Completed, answered.Status);
        Assert.NotNull(answered.CompletedAt);

        Assert.Equal(HttpStatusCode.OK, (await mp.Http.GetAsync("/api/me/export")).StatusCode);
        Assert.Equal(3, (await RequestsAsync()).Count);
        var after = await compliance.GetFromJsonAsync<JsonElement>("/admin/api/compliance/requests");
        Assert.Equal(["received", "received", "completed"], after.EnumerateArray().Select(r => r.GetProperty("status").GetString())); // open ones first
    }

    [Fact]
    public async Task Parallel_downloads_by_one_person_are_one_request()
    {
        var mp = await MiniProgramClient.LoginAsync(App);
        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => mp.Http.GetAsync("/api/me/export")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(await RequestsAsync());
    }

    [Fact]
    public async Task Deletion_signed_in_by_the_h5_cookie_needs_the_antiforgery_token_and_the_bearer_token_does_not()
    {
        var browser = await SignedInBrowserAsync();
        var refused = await browser.PostAsync("/api/me/deletion", null);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("antiforgery_invalid", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var forged = new HttpRequestMessage(HttpMethod.Post, "/api/me/deletion");
        forged.Headers.Add("RequestVerificationToken", "not-a-token");
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.SendAsync(forged)).StatusCode);
        Assert.Empty(await RequestsAsync());

        var page = await (await browser.GetAsync("/h5/me/delete")).Content.ReadAsStringAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/me/deletion");
        request.Headers.Add("RequestVerificationToken", WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value));
        Assert.Equal(HttpStatusCode.Accepted, (await browser.SendAsync(request)).StatusCode);

        var mp = await MiniProgramClient.LoginAsync(App);
        Assert.Equal(HttpStatusCode.Accepted, (await mp.Http.PostAsync("/api/me/deletion", null)).StatusCode);
        Assert.Equal(2, (await RequestsAsync()).Count(r => r.Type == DataRequestTypes.Delete));
    }

    [GeneratedRegex("id=\"continue\" href=\"([^\"]+)\"")]
    private static partial Regex Continue();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
