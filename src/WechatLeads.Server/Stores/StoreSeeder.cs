using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Coupons;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Stores;

/// <summary>
/// At start-up: the stores of <c>config/stores.json</c> are added, or their name and address updated. A store
/// missing from the file is left alone (coupons and redemptions name it); staff edit stores in the console too.
/// </summary>
internal sealed class StoreSeeder(IServiceProvider services, ILogger<StoreSeeder> logger) : IHostedService
{
    public sealed record StoreFileEntry(string Code, string Name, string? Address);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var path = scope.ServiceProvider.GetRequiredService<ConfigFiles>().PathOf("stores.json");
        if (!File.Exists(path)) return;
        var entries = JsonSerializer.Deserialize<List<StoreFileEntry>>(await File.ReadAllTextAsync(path, cancellationToken), JsonDefaults.Web) ?? [];
        if (entries.FirstOrDefault(e => !AdminRoles.IsStoreCode(e.Code) || string.IsNullOrWhiteSpace(e.Name) || e.Name.Length > 100) is { } bad)
            throw new InvalidOperationException($"config/stores.json: store '{bad.Code}' needs a code (letters, digits, dashes; ≤ 32) and a name (≤ 100).");
        var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
        var known = await db.Set<Store>().ToDictionaryAsync(s => s.Code, cancellationToken);
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        foreach (var e in entries)
        {
            if (known.TryGetValue(e.Code, out var store)) (store.Name, store.Address) = (e.Name, e.Address ?? "");
            else db.Add(new Store { Code = e.Code, Name = e.Name, Address = e.Address ?? "", CreatedAt = now });
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (entries.Count > 0)
        {
            // Another instance starting at the same moment added them first: theirs are the same rows.
            logger.LogInformation("Stores were added by another instance starting at the same time");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
