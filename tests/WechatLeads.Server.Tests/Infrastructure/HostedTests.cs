namespace WechatLeads.Server.Tests.Infrastructure;

/// <summary>A test class with one host of its own, started before the first test and disposed after the last.</summary>
public abstract class HostedTests(IDictionary<string, string?>? settings = null) : IAsyncLifetime
{
    protected WechatLeadsFactory App { get; } = new(settings: settings);

    public virtual Task InitializeAsync()
    {
        App.CreateClient(); // starts the host: migrations, seeding, jobs
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync() => await App.DisposeAsync();
}
