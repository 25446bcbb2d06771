using System.Net;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Sandbox;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Cluster;

/// <summary>
/// A new deployment with several replicas: all start at the same moment on an empty PostgreSQL database. Every schema
/// change (the migrations, the job storage's install) takes one advisory lock, so all come up and the schema is
/// applied once.
/// </summary>
public sealed class ConcurrentStartTests
{
    private static readonly Dictionary<string, string?> SharedJobs = new() { ["Hangfire:Storage"] = "Postgres" };

    [PostgresFact]
    public async Task Three_instances_started_at_once_on_an_empty_database_all_serve_and_the_schema_is_applied_once()
    {
        var wechat = new SandboxState(TimeProvider.System);
        var a = new WechatLeadsFactory(sandbox: wechat, settings: SharedJobs);
        var b = a.SameDatabase(sandbox: wechat, settings: SharedJobs);
        var c = b.SameDatabase(sandbox: wechat, settings: SharedJobs);
        await using (a)
        await using (b)
        await using (c)
        {
            WechatLeadsFactory[] hosts = [a, b, c];
            await Task.WhenAll(hosts.Select(h => Task.Run(() => h.CreateClient())));

            foreach (var host in hosts)
            {
                var ready = await host.CreateClient().GetAsync("/healthz/ready");
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            }
            var (applied, known) = await a.QueryAsync(async db =>
                ((await db.Database.GetAppliedMigrationsAsync()).Count(), db.Database.GetMigrations().Count()));
            Assert.Equal(known, applied);
            var hangfireTables = await a.QueryAsync(db => db.Database
                .SqlQueryRaw<int>("SELECT COUNT(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = 'hangfire' AND table_name = 'job'")
                .SingleAsync());
            Assert.Equal(1, hangfireTables);
        }
    }

    [PostgresFact]
    public async Task Instances_started_at_once_where_the_database_does_not_exist_yet_make_it_migrate_it_once_and_serve()
    {
        var wechat = new SandboxState(TimeProvider.System);
        var settings = new Dictionary<string, string?>(TestDatabase.NotYetMade(out var database)) { ["Hangfire:Storage"] = "Postgres" };
        try
        {
            WechatLeadsFactory[] hosts = [.. Enumerable.Range(0, 3).Select(_ => new WechatLeadsFactory(sandbox: wechat, settings: settings))];
            try
            {
                await Task.WhenAll(hosts.Select(h => Task.Run(() => h.CreateClient())));

                foreach (var host in hosts) Assert.Equal(HttpStatusCode.OK, (await host.CreateClient().GetAsync("/healthz/ready")).StatusCode);
                var (applied, known) = await hosts[0].QueryAsync(async db =>
                    ((await db.Database.GetAppliedMigrationsAsync()).Count(), db.Database.GetMigrations().Count()));
                Assert.Equal(known, applied);
            }
            finally
            {
                foreach (var host in hosts) await host.DisposeAsync();
            }
        }
        finally
        {
            TestDatabase.Drop(database);
        }
    }
}
