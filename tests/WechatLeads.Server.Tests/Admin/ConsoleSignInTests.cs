using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Admin;

/// <summary>People sign in to the console with a configured account; the cookie opens the console, the API and the jobs dashboard.</summary>
public sealed partial class ConsoleSignInTests() : HostedTests(new Dictionary<string, string?>
{
    ["Admin:Users:0:Name"] = "li.operator",
    ["Admin:Users:0:PasswordHash"] = StaffPasswords.Hash("operator-password-123"),
    ["Admin:Users:0:Role"] = "Operator",
    ["Admin:Users:1:Name"] = "wang.dpo",
    ["Admin:Users:1:PasswordHash"] = StaffPasswords.Hash("compliance-password-456"),
    ["Admin:Users:1:Role"] = "Compliance",
    ["RateLimits:SignInsPerIpPerMinute"] = "1000", // the tests share one address; the lock-out is what is tested here
})
{
    private HttpClient Browser() => App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<string> TokenFromAsync(HttpResponseMessage page) =>
        Token().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string name, string password)
    {
        var token = await TokenFromAsync(await browser.GetAsync("/admin/login"));
        return await browser.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["name"] = name,
            ["password"] = password,
            ["returnUrl"] = "/admin",
        }));
    }

    private Task<List<AuditEntry>> AuditAsync() => App.QueryAsync(db => db.Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());

    [Fact]
    public async Task Signing_in_opens_the_console_the_api_and_the_jobs_dashboard_and_is_audited()
    {
        var browser = Browser();
        var anonymous = await browser.GetAsync("/admin/jobs");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/admin/login", anonymous.Headers.Location!.OriginalString);

        var signedIn = await SignInAsync(browser, "li.operator", "operator-password-123");

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/admin", signedIn.Headers.Location!.OriginalString);
        Assert.Contains("li.operator", await browser.GetStringAsync("/admin"));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/api/leads")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/admin/api/audit")).StatusCode); // an Operator
        var entry = Assert.Single(await AuditAsync(), e => e.Action == AuditActions.SignIn);
        Assert.Equal(("li.operator", "Operator", "password"), (entry.Actor, entry.Role, entry.Method));
    }

    [Fact]
    public async Task An_operator_opening_a_compliance_page_gets_a_console_page_that_says_why()
    {
        var browser = Browser();
        await SignInAsync(browser, "li.operator", "operator-password-123");

        foreach (var path in new[] { "/admin/audit", "/admin/compliance" })
        {
            var page = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("无权访问此页面", await page.Content.ReadAsStringAsync());
        }
        var report = new HttpRequestMessage(HttpMethod.Get, "/admin/api/compliance/report");
        report.Headers.Accept.ParseAdd("text/html");
        var refused = await browser.SendAsync(report);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("无权访问此页面", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/admin/api/audit")).StatusCode); // the API stays a status code
    }

    [Fact]
    public async Task A_console_session_must_send_the_antiforgery_token_to_change_anything()
    {
        var browser = Browser();
        await SignInAsync(browser, "wang.dpo", "compliance-password-456");

        var forged = await browser.PostAsync("/admin/api/menu/sync", null); // what a cross-site form could send
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var token = await TokenFromAsync(await browser.GetAsync("/admin"));
        var request = new HttpRequestMessage(HttpMethod.Post, "/admin/api/menu/sync");
        request.Headers.Add("RequestVerificationToken", token);
        Assert.True((await browser.SendAsync(request)).IsSuccessStatusCode);
    }

    [Fact]
    public async Task An_api_key_opens_a_console_session_with_its_role_and_a_wrong_key_is_refused_and_audited()
    {
        async Task<HttpResponseMessage> SignInWithKeyAsync(HttpClient browser, string key) =>
            await browser.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = await TokenFromAsync(await browser.GetAsync("/admin/login")),
                ["apiKey"] = key,
                ["returnUrl"] = "/admin/audit",
            }));

        var wrong = await SignInWithKeyAsync(Browser(), "compliance-key-0123456789abcdeX");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains(await AuditAsync(), e => e.Action == AuditActions.SignInFailed && e.Actor == "(unknown API key)");

        var browser = Browser();
        var signedIn = await SignInWithKeyAsync(browser, WechatLeadsFactory.ComplianceKey);
        Assert.Equal("/admin/audit", signedIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/audit")).StatusCode); // Compliance, from the key's role
        var entry = (await AuditAsync()).Last(e => e.Action == AuditActions.SignIn);
        Assert.Equal(("test-compliance", "Compliance", "console-api-key"), (entry.Actor, entry.Role, entry.Method));
        Assert.DoesNotContain(WechatLeadsFactory.ComplianceKey, string.Join('|', (await AuditAsync()).Select(e => $"{e.Actor}{e.Target}{e.Reason}")));
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostAsync("/admin/api/menu/sync", null)).StatusCode); // a cookie session needs the token
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var browser = Browser();
        for (var i = 0; i < StaffLockout.MaxFailures; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(browser, "wang.dpo", "guess-" + i)).StatusCode);

        var locked = await SignInAsync(browser, "wang.dpo", "compliance-password-456");

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Contains("锁定", await locked.Content.ReadAsStringAsync());
        Assert.Equal(StaffLockout.MaxFailures + 1, (await AuditAsync()).Count(e => e.Action == AuditActions.SignInFailed && e.Actor == "wang.dpo"));
        // Someone else's account is not affected.
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(Browser(), "li.operator", "operator-password-123")).StatusCode);
    }

    [Fact]
    public async Task A_changed_password_ends_the_sessions_made_with_the_old_one()
    {
        var browser = Browser();
        await SignInAsync(browser, "li.operator", "operator-password-123");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/api/leads")).StatusCode);

        // What an administrator does: a new hash in Admin:Users (configuration is re-read without a restart).
        App.Services.GetRequiredService<IConfiguration>()["Admin:Users:0:PasswordHash"] = StaffPasswords.Hash("operator-password-NEW");
        App.Services.GetRequiredService<IOptionsMonitorCache<AdminOptions>>().Clear();

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/admin/api/leads")).StatusCode);
        var again = Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(again, "li.operator", "operator-password-NEW")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/admin/api/leads")).StatusCode);
    }

    [Fact]
    public async Task A_sign_in_without_the_form_token_is_refused_and_so_is_a_foreign_return_url()
    {
        var browser = Browser();
        var noToken = await browser.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = "li.operator",
            ["password"] = "operator-password-123",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);

        var token = await TokenFromAsync(await browser.GetAsync("/admin/login"));
        var away = await browser.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["name"] = "li.operator",
            ["password"] = "operator-password-123",
            ["returnUrl"] = "https://evil.example/",
        }));
        Assert.Equal("/admin", away.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_name_that_is_no_account_is_not_written_to_the_audit_log()
    {
        await SignInAsync(Browser(), "my-secret-password-typed-in-the-wrong-box", "x");

        var entries = await AuditAsync();
        Assert.DoesNotContain(entries, e => e.Actor.Contains("my-secret", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Action == AuditActions.SignInFailed && e.Actor == "(unknown account)");
    }

    [Fact]
    public void A_plain_password_in_configuration_stops_the_start()
    {
        using var app = new WechatLeadsFactory(runJobs: false, settings: new Dictionary<string, string?>
        {
            ["Admin:Users:0:Name"] = "careless",
            ["Admin:Users:0:PasswordHash"] = "hunter2",
            ["Admin:Users:0:Role"] = "Operator",
        });
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("PasswordHash", error.ToString());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
