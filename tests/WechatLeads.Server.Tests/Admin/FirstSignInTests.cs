using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Sandbox;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Admin;

/// <summary>
/// The first minutes after the README's first command: the sandbox has demo accounts and says so on /sandbox and in
/// the log; a server with no console account says so in the log and on the sign-in page, with how to add one.
/// </summary>
public sealed partial class FirstSignInTests
{
    [Fact]
    public async Task The_sandbox_in_development_has_demo_accounts_shown_on_its_page_and_in_the_log()
    {
        var log = new CapturedLog();
        await using var app = new WechatLeadsFactory();
        await using var development = app.WithWebHostBuilder(b => b
            .UseEnvironment("Development")
            .ConfigureLogging(l => l.AddProvider(log)));
        var browser = development.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var sandbox = await browser.GetStringAsync("/sandbox");
        Assert.Contains(SandboxDemoAccounts.OperatorName, sandbox);
        Assert.Contains(SandboxDemoAccounts.ComplianceName, sandbox);
        Assert.Contains(SandboxDemoAccounts.ConsolePassword, sandbox);
        Assert.Contains(log.Lines, l => l.Contains(SandboxDemoAccounts.OperatorName) && l.Contains(SandboxDemoAccounts.ConsolePassword));

        foreach (var (name, role) in new[] { (SandboxDemoAccounts.OperatorName, "Operator"), (SandboxDemoAccounts.ComplianceName, "Compliance") })
        {
            var person = development.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
            var signedIn = await SignInAsync(person, name, SandboxDemoAccounts.ConsolePassword);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.Equal("/admin", signedIn.Headers.Location!.OriginalString);
            var audit = await person.GetAsync("/admin/api/audit");
            Assert.Equal(role == "Compliance" ? HttpStatusCode.OK : HttpStatusCode.Forbidden, audit.StatusCode);
        }
        Assert.DoesNotContain("id=\"no-account\"", await browser.GetStringAsync("/admin/login"));
    }

    [Fact]
    public async Task The_demo_accounts_never_exist_outside_development()
    {
        await using var app = new WechatLeadsFactory(); // the test host: sandbox on, environment Testing
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var attempt = await SignInAsync(browser, SandboxDemoAccounts.OperatorName, SandboxDemoAccounts.ConsolePassword);

        Assert.Equal(HttpStatusCode.Unauthorized, attempt.StatusCode);
        Assert.DoesNotContain(SandboxDemoAccounts.ConsolePassword, await browser.GetStringAsync("/sandbox"));
    }

    [Fact]
    public async Task With_no_console_account_the_log_and_the_sign_in_page_say_how_to_add_one()
    {
        var log = new CapturedLog();
        await using var app = new WechatLeadsFactory();
        await using var empty = app.WithWebHostBuilder(b => b
            .ConfigureLogging(l => l.AddProvider(log))
            .ConfigureServices(s => s.PostConfigure<AdminOptions>(o =>
            {
                o.ApiKeys.Clear();
                o.Users.Clear();
            })));

        var page = await empty.CreateClient().GetStringAsync("/admin/login");

        Assert.Contains("id=\"no-account\"", page);
        Assert.Contains("Admin__Users__0__Name", page);
        Assert.Contains("hash-password", page);
        Assert.Contains(log.Lines, l => l.Contains("No console account is configured") && l.Contains("Admin__Users__0__Name"));
    }

    [Fact]
    public async Task With_a_console_account_the_sign_in_page_gives_no_setup_hint()
    {
        await using var app = new WechatLeadsFactory(); // API keys for Operator and Compliance

        Assert.DoesNotContain("id=\"no-account\"", await app.CreateClient().GetStringAsync("/admin/login"));
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string name, string password)
    {
        var token = Token().Match(await browser.GetStringAsync("/admin/login")).Groups[1].Value;
        return await browser.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["name"] = name,
            ["password"] = password,
            ["returnUrl"] = "/admin",
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    /// <summary>Every log line the host writes, formatted.</summary>
    private sealed class CapturedLog : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public ILogger CreateLogger(string categoryName) => new Logger(_lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception));
        }
    }
}
