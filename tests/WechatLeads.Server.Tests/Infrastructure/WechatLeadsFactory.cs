using Flurl.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using WechatLeads.Server.Data;
using WechatLeads.Server.Sandbox;
using WechatLeads.Server.WechatApi;

namespace WechatLeads.Server.Tests.Infrastructure;

/// <summary>
/// The real host on a SQLite file of its own, with the built-in sandbox as the fake WeChat platform.
/// Outgoing WeChat API calls and the simulator's pushes go through the in-memory test server, so
/// nothing leaves the process. Give two factories the same <see cref="DataDirectory"/> and
/// <see cref="SandboxState"/> to model a restart: a new process, the same database, the same WeChat.
/// </summary>
public sealed class WechatLeadsFactory : WebApplicationFactory<Program>
{
    public const string OperatorKey = "operator-key-0123456789abcdef";
    public const string ComplianceKey = "compliance-key-0123456789abcdef";
    /// <summary>A fixed key that looks random, as start-up demands outside Development (made once with openssl rand -base64 32).</summary>
    public const string EncryptionKey = "q3Jd0m6Vb1xZ8TnKc2Lw9PfRy4Hs7GuA5eMiXoBtNkE=";

    private readonly Dictionary<string, string?> _settings;
    private readonly SandboxState? _sandbox;
    private readonly TimeProvider? _time;
    private readonly bool _kestrel;
    private readonly Action<IServiceCollection>? _services; // e.g. a fake SMS provider as the Sms Flurl client
    private string? _postgresDatabase;

    public WechatLeadsFactory(
        string? dataDirectory = null, bool runJobs = true, SandboxState? sandbox = null, TimeProvider? time = null,
        IDictionary<string, string?>? settings = null, bool kestrel = false, Action<IServiceCollection>? services = null)
    {
        _kestrel = kestrel;
        _services = services;
        var self = kestrel ? $"http://127.0.0.1:{FreePort()}" : "http://localhost";
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("wl-test-").FullName;
        _sandbox = sandbox;
        _time = time;
        _settings = TestDatabase.NewDatabase(DataDirectory, out _postgresDatabase);
        foreach (var (key, value) in new Dictionary<string, string?>
        {
            ["DataDirectory"] = DataDirectory,
            ["Sandbox:Enabled"] = "true", // the environment is "Testing": strict, so the sandbox must be asked for
            ["Security:EncryptionKey"] = EncryptionKey,
            ["Wechat:ApiBaseUrl"] = self + "/sandbox",
            ["Wechat:OAuthBaseUrl"] = self + "/sandbox",
            ["Wechat:PublicBaseUrl"] = self,
            ["Hangfire:ServerEnabled"] = runJobs ? "true" : "false",
            ["Hangfire:WorkerCount"] = "4",
            ["Admin:ApiKeys:0:Name"] = "test-operator",
            ["Admin:ApiKeys:0:Key"] = OperatorKey,
            ["Admin:ApiKeys:0:Role"] = "Operator",
            ["Admin:ApiKeys:1:Name"] = "test-compliance",
            ["Admin:ApiKeys:1:Key"] = ComplianceKey,
            ["Admin:ApiKeys:1:Role"] = "Compliance",
            // Every test's requests come from one address; the per-address limits on WeChat codes are tested
            // on their own (AnonymousCostTests) with low values.
            ["RateLimits:LoginsPerIpPerMinute"] = "100000",
            ["RateLimits:OAuthCallbacksPerIpPerMinute"] = "100000",
            ["RateLimits:PhoneCodesPerIpPerMinute"] = "100000",
        }) _settings[key] = value;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
        if (settings?.ContainsKey("ConnectionStrings:Leads") == true) _postgresDatabase = null; // someone else's database
        if (kestrel) UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, new Uri(self).Port));
    }

    public string DataDirectory { get; }

    /// <summary>
    /// Another host on this one's database (and, given the same sandbox, the same WeChat): a restart, or a
    /// second instance behind the load balancer. Create it before disposing this one: the database belongs
    /// to the last host made on it and is dropped with that host.
    /// </summary>
    public WechatLeadsFactory SameDatabase(
        bool runJobs = true,
        SandboxState? sandbox = null,
        IDictionary<string, string?>? settings = null,
        bool kestrel = false)
    {
        var shared = _settings.Where(kv => kv.Key.StartsWith("ConnectionStrings:", StringComparison.Ordinal)
            || kv.Key is "Database:Provider" or "Hangfire:Storage")
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) shared[key] = value;
        var next = new WechatLeadsFactory(DataDirectory, runJobs, sandbox, _time, shared, kestrel) { _postgresDatabase = _postgresDatabase };
        _postgresDatabase = null;
        return next;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_postgresDatabase is not null) TestDatabase.Drop(_postgresDatabase);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging =>
        {
            // Not the console: hundreds of hosts' JSON lines cost the run time and bury the results; the warnings and
            // errors go to the run's error log, printed when something fails.
            logging.ClearProviders();
            if (ErrorLogFile.Path is { } errorLog) logging.AddProvider(new ErrorLogFile(errorLog));
        });
        builder.ConfigureServices(services =>
        {
            if (_sandbox is not null) services.Replace(ServiceDescriptor.Singleton(_sandbox));
            if (_time is not null) services.Replace(ServiceDescriptor.Singleton(_time));
            _services?.Invoke(services);
            if (_kestrel) return; // real sockets on loopback: the app calls its own sandbox over HTTP
            // The host's own test server, from its own container — not this factory's Server property: a hosted service that
            // makes the client while the host is still starting would find Server unset and make the factory build a second
            // host, and the app's WeChat calls would then reach that host's sandbox, which never issued the browser's codes.
            static HttpMessageHandler OwnServer(IServiceProvider sp) => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler();
            services.AddKeyedSingleton<IFlurlClient>(WechatClientKeys.Http, (sp, _) => new FlurlClient(new HttpClient(OwnServer(sp))));
            services.AddHttpClient(SandboxPushSender.HttpClientName).ConfigurePrimaryHttpMessageHandler(OwnServer);
        });
    }

    /// <summary>The base address a browser uses (Kestrel hosts only).</summary>
    public string BaseUrl => _settings["Wechat:PublicBaseUrl"]!;

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private readonly Lock _clientsGate = new();

    // WebApplicationFactory keeps every client it makes in a plain List, to dispose them with the host, and adds to
    // it unguarded. Tests make clients from parallel tasks (five hundred players logging in 16 at a time): two adds
    // at once can leave a null in the list, and disposing the factory then throws NullReferenceException (seen in a
    // full run), which replaces the test's own outcome and leaves the host running on a dropped database.
    public new HttpClient CreateClient()
    {
        lock (_clientsGate) return base.CreateClient();
    }

    public new HttpClient CreateClient(WebApplicationFactoryClientOptions options)
    {
        lock (_clientsGate) return base.CreateClient(options);
    }

    public SandboxState Sandbox => Services.GetRequiredService<SandboxState>();

    /// <summary>The 6-digit code in the newest SMS the sandbox delivered to <paramref name="phone"/> (11 digits).</summary>
    public string LatestSmsCode(string phone)
    {
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray())[^11..];
        var sms = Sandbox.SmsMessages.LastOrDefault(m => m.Phone == digits) ?? throw new InvalidOperationException("no SMS to that number");
        return System.Text.RegularExpressions.Regex.Match(sms.Text, @"验证码 (\d{6})").Groups[1].Value;
    }

    /// <summary>
    /// A follower's browser that went through the sandbox's silent OAuth once (the page the sandbox shows instead of
    /// WeChat, then its "continue" link), starting at <paramref name="path"/>: it holds the H5 session cookie.
    /// </summary>
    /// <returns>The browser, and the page the sign-in landed on.</returns>
    public async Task<(HttpClient Browser, HttpResponseMessage Landed)> SignedInFollowerAsync(
        string path = "/h5/oauth/start?returnUrl=%2Fh5%2Fme", string? userAgent = null)
    {
        var browser = CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });
        if (userAgent is not null) browser.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", userAgent);
        var sandboxPage = await (await browser.GetAsync(path)).Content.ReadAsStringAsync();
        var next = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(
            sandboxPage,
            "id=\"continue\" href=\"([^\"]+)\"").Groups[1].Value);
        // Say why when the sign-in did not happen, instead of handing back a browser without a session (a test then
        // meets the OAuth page where it expected its own, as one CI run did once).
        if (string.IsNullOrEmpty(next))
            throw new InvalidOperationException($"The sandbox's OAuth page had no continue link: {Snippet(sandboxPage)}");
        var landed = await browser.GetAsync(next);
        landed.EnsureSuccessStatusCode();
        var at = landed.RequestMessage!.RequestUri!.AbsolutePath;
        if (at.StartsWith("/h5/oauth", StringComparison.Ordinal) || at.StartsWith("/sandbox", StringComparison.Ordinal))
        {
            var code = System.Text.RegularExpressions.Regex.Match(next, "code=([^&]+)").Groups[1].Value;
            throw new InvalidOperationException($"Sign-in ended at {at}, not the page asked for (the code: {Sandbox.DescribeCode(code)}; " +
                $"oauth redeems: {Sandbox.RedeemCalls("oauth")}): {Snippet(await landed.Content.ReadAsStringAsync())}");
        }
        return (browser, landed);
    }

    /// <summary>The start of a page, for a failure message that says where a browser ended up.</summary>
    public static string Snippet(string html) => html.Length <= 600 ? html : html[..600];

    public HttpClient CreateAdminClient(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    /// <summary>Runs <paramref name="query"/> against the app's database in a scope of its own.</summary>
    public async Task<T> QueryAsync<T>(Func<LeadsDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<LeadsDbContext>());
    }

    public Task<int> CountAsync<TEntity>() where TEntity : class => QueryAsync(db => db.Set<TEntity>().CountAsync());
}
