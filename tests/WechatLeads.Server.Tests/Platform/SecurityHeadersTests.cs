using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Platform;

/// <summary>
/// Every HTML page has a Content-Security-Policy and no response may be MIME-sniffed; personal data is never
/// cached; HSTS when the request came over HTTPS; cookies Secure whenever the public URL is HTTPS.
/// </summary>
public sealed partial class SecurityHeadersTests() : HostedTests(shareHost: true)
{
    private HttpClient Browser() => App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });

    private async Task<HttpClient> SignedInBrowserAsync()
    {
        var browser = Browser();
        var html = await (await browser.GetAsync("/h5/oauth/start?returnUrl=%2Fh5%2Fme")).Content.ReadAsStringAsync();
        (await browser.GetAsync(WebUtility.HtmlDecode(Continue().Match(html).Groups[1].Value))).EnsureSuccessStatusCode();
        return browser;
    }

    private static void AssertHtmlPageHeaders(HttpResponseMessage response)
    {
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        var directives = policy.Split(';', StringSplitOptions.TrimEntries);
        var scripts = directives.FirstOrDefault(d => d.StartsWith("script-src ", StringComparison.Ordinal))
            ?? directives.Single(d => d.StartsWith("default-src ", StringComparison.Ordinal));
        Assert.DoesNotContain("'unsafe-inline'", scripts); // no page runs script that an injection could add
    }

    [Fact]
    public async Task Every_html_page_has_a_policy_and_nosniff()
    {
        var browser = await SignedInBrowserAsync();
        AssertHtmlPageHeaders(await browser.GetAsync("/h5/me"));
        AssertHtmlPageHeaders(await browser.GetAsync("/h5/c/spring-coupon"));
        AssertHtmlPageHeaders(await browser.GetAsync("/h5/me/delete"));
        AssertHtmlPageHeaders(await Browser().GetAsync("/privacy/2026-11"));
        AssertHtmlPageHeaders(await Browser().GetAsync("/admin/login"));
        AssertHtmlPageHeaders(await App.CreateAdminClient(WechatLeadsFactory.ComplianceKey).GetAsync("/admin/compliance"));
        var authorize = await App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
            .GetAsync("/h5/oauth/start?returnUrl=%2Fh5%2Fme");
        AssertHtmlPageHeaders(await Browser().GetAsync(authorize.Headers.Location)); // the sandbox's OAuth page

        // The simulator's script and styles come from this server; nothing inline runs or styles the page.
        var simulator = await Browser().GetAsync("/sandbox/");
        AssertHtmlPageHeaders(simulator);
        var html = await simulator.Content.ReadAsStringAsync();
        Assert.All(Regex.Matches(html, "<script[^>]*>", RegexOptions.IgnoreCase), tag => Assert.Contains("src=", tag.Value));
        var policy = simulator.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", policy);
        Assert.Contains("style-src 'self';", policy);

        var json = await Browser().GetAsync("/api/campaigns/spring-coupon");
        Assert.Equal("nosniff", Assert.Single(json.Headers.GetValues("X-Content-Type-Options")));
        Assert.False(json.Headers.Contains("Strict-Transport-Security")); // plain HTTP from an untrusted peer
    }

    [Fact]
    public async Task The_jobs_dashboard_has_a_policy_its_own_scripts_fit()
    {
        var dashboard = await App.CreateAdminClient(WechatLeadsFactory.ComplianceKey).GetAsync("/admin/jobs");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("script-src 'self';", Assert.Single(dashboard.Headers.GetValues("Content-Security-Policy")));
        var html = await dashboard.Content.ReadAsStringAsync();
        // Hangfire's page loads its scripts from this server and has no inline script or handler the policy would block.
        Assert.All(Regex.Matches(html, "<script[^>]*>", RegexOptions.IgnoreCase), tag => Assert.Contains("src=", tag.Value));
        Assert.DoesNotMatch(new Regex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase), html);
    }

    [Fact]
    public async Task Personal_data_responses_are_never_cached()
    {
        var mp = await MiniProgramClient.LoginAsync(App);
        Assert.True((await mp.Http.GetAsync("/api/me")).Headers.CacheControl?.NoStore);
        Assert.True((await mp.Http.GetAsync("/api/me/export")).Headers.CacheControl?.NoStore);
        var browser = await SignedInBrowserAsync();
        Assert.True((await browser.GetAsync("/h5/me")).Headers.CacheControl?.NoStore);
        Assert.True((await browser.GetAsync("/h5/me/export")).Headers.CacheControl?.NoStore);
        var compliance = App.CreateAdminClient(WechatLeadsFactory.ComplianceKey);
        Assert.True((await compliance.GetAsync("/admin/api/leads")).Headers.CacheControl?.NoStore);
        Assert.True((await compliance.GetAsync("/admin/api/compliance/requests")).Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Cookies_are_secure_when_the_public_url_is_https_even_over_the_balancers_plain_http()
    {
        await using var app = new WechatLeadsFactory(
            runJobs: false,
            settings: new Dictionary<string, string?> { ["Wechat:PublicBaseUrl"] = "https://leads.example.com" });
        var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        static string Cookie(HttpResponseMessage r, string name) =>
            r.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(name + "=", StringComparison.Ordinal));

        // The H5 session: the OAuth state cookie, then the session cookie.
        var start = await http.GetAsync("/h5/oauth/start?returnUrl=%2Fh5%2Fme");
        var state = Cookie(start, "wl_oauth");
        var page = await (await http.GetAsync(start.Headers.Location)).Content.ReadAsStringAsync();
        var callback = new Uri(WebUtility.HtmlDecode(Continue().Match(page).Groups[1].Value));
        var back = new HttpRequestMessage(HttpMethod.Get, callback.PathAndQuery);
        back.Headers.Add("Cookie", state.Split(';')[0]);
        var session = Cookie(await http.SendAsync(back), "wl_h5");

        // The console: the antiforgery cookie, then the staff session.
        var login = await http.GetAsync("/admin/login");
        var antiforgery = Cookie(login, "wl_af");
        var token = Token().Match(await login.Content.ReadAsStringAsync()).Groups[1].Value;
        var signIn = new HttpRequestMessage(HttpMethod.Post, "/admin/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["apiKey"] = WechatLeadsFactory.ComplianceKey
            }),
        };
        signIn.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        var admin = Cookie(await http.SendAsync(signIn), "wl_admin");

        Assert.All(new[] { state, session, antiforgery, admin }, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Hsts_is_sent_when_a_trusted_balancer_says_the_request_was_https()
    {
        await using var app = new WechatLeadsFactory(
            kestrel: true,
            runJobs: false,
            settings: new Dictionary<string, string?> { ["ReverseProxy:TrustedNetworks:0"] = "127.0.0.1" });
        app.CreateClient();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };
        async Task<HttpResponseMessage> GetAsync(string? proto)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/privacy/2026-11");
            if (proto is not null) request.Headers.Add("X-Forwarded-Proto", proto);
            return await http.SendAsync(request);
        }

        Assert.StartsWith("max-age=", Assert.Single((await GetAsync("https")).Headers.GetValues("Strict-Transport-Security")));
        Assert.False((await GetAsync(null)).Headers.Contains("Strict-Transport-Security"));
        Assert.False((await GetAsync("http")).Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task An_untrusted_peer_saying_https_gets_no_hsts()
    {
        await using var app = new WechatLeadsFactory(kestrel: true, runJobs: false);
        app.CreateClient();
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/privacy/2026-11");
        request.Headers.Add("X-Forwarded-Proto", "https");
        Assert.False((await http.SendAsync(request)).Headers.Contains("Strict-Transport-Security"));
    }

    [GeneratedRegex("id=\"continue\" href=\"([^\"]+)\"")]
    private static partial Regex Continue();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
