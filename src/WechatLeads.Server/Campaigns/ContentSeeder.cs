using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Privacy;

namespace WechatLeads.Server.Campaigns;

/// <summary>
/// At start-up, after migrations: publishes the privacy notices, and — in the sandbox, or when
/// <c>Campaigns:LoadSamples</c> is true — creates the sample campaigns of <c>config/campaigns/</c> that do not
/// exist yet (never overwriting one an operator has changed).
/// </summary>
internal sealed class ContentSeeder(IServiceProvider services, WechatAccount account, IConfiguration configuration, ILogger<ContentSeeder> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PrivacyCatalog>().PublishAllAsync(cancellationToken);

        if (!configuration.GetValue("Campaigns:LoadSamples", account.IsSandbox)) return;
        var files = scope.ServiceProvider.GetRequiredService<ConfigFiles>();
        var folder = files.PathOf("campaigns");
        if (!Directory.Exists(folder)) return;
        var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
        var factory = scope.ServiceProvider.GetRequiredService<CampaignFactory>();
        // Instances starting together take turns: the first creates the samples, the others find them there.
        await SchemaChangeLock.RunAsync(db, () => LoadSamplesAsync(folder, db, factory, cancellationToken), cancellationToken);
    }

    private async Task LoadSamplesAsync(string folder, LeadsDbContext db, CampaignFactory factory, CancellationToken cancellationToken)
    {
        foreach (var path in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var definition = JsonSerializer.Deserialize<CampaignDefinition>(await File.ReadAllTextAsync(path, cancellationToken), JsonDefaults.Web)
                ?? throw new InvalidOperationException($"{path} is empty.");
            var problems = CampaignFactory.Validate(definition);
            if (problems.Count > 0) throw new InvalidOperationException($"config/campaigns/{Path.GetFileName(path)}: {string.Join(" ", problems)}");
            if (await db.Set<Campaign>().AnyAsync(c => c.Slug == definition.Slug, cancellationToken)) continue;
            await factory.CreateAsync(definition, cancellationToken);
            logger.LogInformation("Loaded sample campaign {Slug}", definition.Slug);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
