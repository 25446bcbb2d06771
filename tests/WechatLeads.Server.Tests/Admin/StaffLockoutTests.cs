using System.Net;
using System.Text.RegularExpressions;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Admin;

/// <summary>
/// Lock-out that neither tells which names are accounts nor lets anyone lock an account out: failures are
/// counted for every name, per (name, address) first and for the name as a whole only after many addresses,
/// and a browser the account's owner signed in with before is not held by the name-wide lock. Real sockets
/// behind a trusted "balancer" (loopback), so each request can come from an address of its own.
/// </summary>
public sealed partial class StaffLockoutTests : IAsyncLifetime
{
    private readonly WechatLeadsFactory _app = new(kestrel: true, runJobs: false, settings: new Dictionary<string, string?>
    {
        ["Admin:Users:0:Name"] = "wang.dpo",
        ["Admin:Users:0:PasswordHash"] = StaffPasswords.Hash("compliance-password-456"),
        ["Admin:Users:0:Role"] = "Compliance",
        ["ReverseProxy:TrustedNetworks:0"] = "127.0.0.1",
        ["RateLimits:SignInsPerIpPerMinute"] = "1000", // the lock-out is what is tested here
    });

    public Task InitializeAsync()
    {
        _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>A browser of its own (cookies), sending from <paramref name="address"/> as the balancer reports it.</summary>
    private sealed class Browser(WechatLeadsFactory app)
    {
        private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() })
        {
            BaseAddress = new Uri(app.BaseUrl),
        };

        public async Task<(HttpStatusCode Status, string Message)> SignInAsync(string address, string name, string password)
        {
            using var form = new HttpRequestMessage(HttpMethod.Get, "/admin/login");
            form.Headers.Add("X-Forwarded-For", address);
            var token = Token().Match(await (await _http.SendAsync(form)).Content.ReadAsStringAsync()).Groups[1].Value;
            using var post = new HttpRequestMessage(HttpMethod.Post, "/admin/login")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = token,
                    ["name"] = name,
                    ["password"] = password,
                    ["returnUrl"] = "/admin",
                }),
            };
            post.Headers.Add("X-Forwarded-For", address);
            var response = await _http.SendAsync(post);
            return (response.StatusCode, Alert().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value);
        }
    }

    [Fact]
    public async Task Unknown_and_real_names_lock_alike()
    {
        async Task<List<(HttpStatusCode, string)>> FailSixTimesAsync(string name)
        {
            var browser = new Browser(_app);
            var answers = new List<(HttpStatusCode, string)>();
            for (var i = 0; i <= StaffLockout.MaxFailures; i++) answers.Add(await browser.SignInAsync("203.0.113.10", name, "guess-" + i));
            return answers;
        }

        var real = await FailSixTimesAsync("wang.dpo");
        var unknown = await FailSixTimesAsync("no.such.person");

        Assert.Equal(real, unknown);
        Assert.Equal(HttpStatusCode.Unauthorized, real[0].Item1);
        Assert.Equal(HttpStatusCode.TooManyRequests, real[^1].Item1);
    }

    [Fact]
    public async Task One_address_cannot_lock_the_name_for_others()
    {
        var attacker = new Browser(_app);
        for (var i = 0; i < 2 * StaffLockout.MaxFailures; i++) await attacker.SignInAsync("203.0.113.66", "wang.dpo", "guess-" + i);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await attacker.SignInAsync("203.0.113.66", "wang.dpo", "compliance-password-456")).Status);

        var owner = await new Browser(_app).SignInAsync("198.51.100.7", "wang.dpo", "compliance-password-456");

        Assert.Equal(HttpStatusCode.Redirect, owner.Status);
    }

    [Fact]
    public async Task A_browser_that_signed_in_before_gets_through_a_name_wide_lock()
    {
        var ownersBrowser = new Browser(_app);
        Assert.Equal(HttpStatusCode.Redirect, (await ownersBrowser.SignInAsync("198.51.100.1", "wang.dpo", "compliance-password-456")).Status);

        // Many addresses, five failures each: the name as a whole locks.
        for (var address = 0; address < StaffLockout.MaxNameFailures / StaffLockout.MaxFailures; address++)
        {
            var attacker = new Browser(_app);
            for (var i = 0; i < StaffLockout.MaxFailures; i++) await attacker.SignInAsync($"203.0.113.{100 + address}", "wang.dpo", "guess-" + i);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await new Browser(_app).SignInAsync("198.51.100.2", "wang.dpo", "compliance-password-456")).Status);

        var owner = await ownersBrowser.SignInAsync("198.51.100.3", "wang.dpo", "compliance-password-456");

        Assert.Equal(HttpStatusCode.Redirect, owner.Status);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("role=\"alert\">([^<]*)<")]
    private static partial Regex Alert();
}
