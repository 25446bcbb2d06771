using System.Net;
using System.Text.RegularExpressions;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Admin;

/// <summary>
/// The jobs dashboard is read-only for Operators — buttons hidden and hand-made commands refused — and
/// every command Compliance gives through it is an audit entry naming what it targeted.
/// </summary>
public sealed partial class JobsDashboardTests() : HostedTests(new Dictionary<string, string?>
{
    ["Admin:Users:0:Name"] = "li.operator",
    ["Admin:Users:0:PasswordHash"] = StaffPasswords.Hash("operator-password-123"),
    ["Admin:Users:0:Role"] = "Operator",
    ["Admin:Users:1:Name"] = "wang.dpo",
    ["Admin:Users:1:PasswordHash"] = StaffPasswords.Hash("compliance-password-456"),
    ["Admin:Users:1:Role"] = "Compliance",
    ["RateLimits:SignInsPerIpPerMinute"] = "1000",
})
{
    private async Task<HttpClient> SignedInAsync(string name, string password)
    {
        var browser = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await (await browser.GetAsync("/admin/login")).Content.ReadAsStringAsync();
        var signedIn = await browser.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = FormToken().Match(page).Groups[1].Value,
            ["name"] = name,
            ["password"] = password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return browser;
    }

    /// <summary>A command as the dashboard's own script sends it: a form, with the token from the page's meta tags.</summary>
    private static async Task<HttpResponseMessage> CommandAsync(HttpClient browser, string command, string jobId)
    {
        var page = await browser.GetStringAsync("/admin/jobs/recurring");
        var request = new HttpRequestMessage(HttpMethod.Post, "/admin/jobs" + command)
        {
            Content = new FormUrlEncodedContent([new("jobs[]", jobId)]),
        };
        request.Headers.Add(CsrfHeader().Match(page).Groups[1].Value, CsrfToken().Match(page).Groups[1].Value);
        return await browser.SendAsync(request);
    }

    private RecurringJobDto? Recurring(string id)
    {
        using var connection = App.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().SingleOrDefault(j => j.Id == id);
    }

    private Task<List<AuditEntry>> JobCommandsAuditedAsync() =>
        App.QueryAsync(db => db.Set<AuditEntry>().Where(e => e.Action == AuditActions.JobsCommand).ToListAsync());

    [Fact]
    public async Task An_operator_sees_the_dashboard_but_can_neither_trigger_nor_delete_a_job()
    {
        var browser = await SignedInAsync("li.operator", "operator-password-123");

        var page = await browser.GetStringAsync("/admin/jobs/recurring");
        Assert.Contains(Server.Retention.RetentionPurge.RecurringJobId, page);
        Assert.DoesNotContain("recurring/trigger", page); // read-only: no buttons
        var trigger = await CommandAsync(browser, "/recurring/trigger", Server.Retention.RetentionPurge.RecurringJobId);
        var remove = await CommandAsync(browser, "/recurring/remove", Server.Marketing.RunMarketingSends.RecurringJobId);

        Assert.Equal(HttpStatusCode.Forbidden, trigger.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, remove.StatusCode);
        Assert.Null(Recurring(Server.Retention.RetentionPurge.RecurringJobId)!.LastJobId); // never run
        Assert.NotNull(Recurring(Server.Marketing.RunMarketingSends.RecurringJobId)); // still there
        Assert.Empty(await JobCommandsAuditedAsync());
    }

    [Fact]
    public async Task Compliance_triggers_and_deletes_jobs_and_each_command_is_audited()
    {
        var browser = await SignedInAsync("wang.dpo", "compliance-password-456");
        Assert.Contains("recurring/trigger", await browser.GetStringAsync("/admin/jobs/recurring"));

        var trigger = await CommandAsync(browser, "/recurring/trigger", Server.Retention.RetentionPurge.RecurringJobId);
        var remove = await CommandAsync(browser, "/recurring/remove", Server.Marketing.RunMarketingSends.RecurringJobId);

        Assert.True(trigger.IsSuccessStatusCode, trigger.StatusCode.ToString());
        Assert.True(remove.IsSuccessStatusCode, remove.StatusCode.ToString());
        Assert.NotNull(Recurring(Server.Retention.RetentionPurge.RecurringJobId)!.LastJobId);
        Assert.Null(Recurring(Server.Marketing.RunMarketingSends.RecurringJobId));
        var audited = await JobCommandsAuditedAsync();
        Assert.Contains(audited, e => e.Actor == "wang.dpo" && e.Role == "Compliance" && e.Target == "/recurring/trigger retention-purge");
        Assert.Contains(audited, e => e.Actor == "wang.dpo" && e.Target == "/recurring/remove marketing-sends");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex("<meta name=\"csrf-header\" content=\"([^\"]+)\"")]
    private static partial Regex CsrfHeader();

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\"")]
    private static partial Regex CsrfToken();
}
