using Microsoft.Extensions.DependencyInjection;

namespace WechatLeads.Server.Tests.Infrastructure;

/// <summary>
/// A test class with a host of its own. By default each test gets a fresh host (xUnit makes a new class instance per
/// test). With <paramref name="shareHost"/> the class's tests share one host, started for the first and disposed when
/// the next class starts: for classes whose tests each make their own followers, campaigns and keys and count nothing
/// the others add — most of a test's time is otherwise spent starting a host.
/// </summary>
public abstract class HostedTests(IDictionary<string, string?>? settings = null, bool shareHost = false) : IAsyncLifetime
{
    private WechatLeadsFactory? _app;

    protected WechatLeadsFactory App => _app ??= shareHost
        ? throw new InvalidOperationException("A shared host is ready from InitializeAsync on.")
        : new WechatLeadsFactory(settings: settings, services: ConfigureServices);

    /// <summary>Services the class's host gets on top of the app's (a log capture, a fake), before it starts.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public virtual async Task InitializeAsync()
    {
        var make = shareHost ? () => new WechatLeadsFactory(settings: settings, services: ConfigureServices) : (Func<WechatLeadsFactory>?)null;
        if (await ClassHosts.TakeAsync(GetType(), make) is { } shared) _app = shared;
        App.CreateClient(); // starts the host: migrations, seeding, jobs
    }

    public virtual async Task DisposeAsync()
    {
        if (!shareHost && _app is not null) await _app.DisposeAsync();
    }
}

/// <summary>The one shared host alive at a time: the test classes run one after another (parallelization is off).</summary>
internal static class ClassHosts
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (Type Owner, WechatLeadsFactory Host)? _current;

    static ClassHosts()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => (_current?.Host.DisposeAsync().AsTask() ?? Task.CompletedTask).Wait(TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// The shared host of <paramref name="owner"/> (made by <paramref name="make"/> the first time), or null for a class that
    /// makes its own. Either way another class's shared host is disposed first, so no idle host competes with this one.
    /// </summary>
    public static async Task<WechatLeadsFactory?> TakeAsync(Type owner, Func<WechatLeadsFactory>? make)
    {
        await Gate.WaitAsync();
        try
        {
            if (_current is { } current && current.Owner == owner) return current.Host;
            if (_current is { } previous)
            {
                _current = null;
                await previous.Host.DisposeAsync();
            }
            if (make is null) return null;
            var host = make();
            _current = (owner, host);
            return host;
        }
        finally
        {
            Gate.Release();
        }
    }
}
