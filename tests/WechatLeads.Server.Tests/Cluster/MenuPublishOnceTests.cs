using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Sandbox;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Cluster;

/// <summary>
/// Instances starting (or restarting one by one) on one database publish the account menu once per change: the hash
/// of what was last published is shared, and an unchanged menu is not sent again (menu/create: 1,000 calls a day).
/// </summary>
public sealed class MenuPublishOnceTests
{
    /// <summary>The host's own (in-memory) job storage has a finished menu publish.</summary>
    private static bool PublishRan(WechatLeadsFactory host) =>
        host.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi().SucceededJobs(0, 100)
            .Any(j => j.Value.Job?.Type.Name == nameof(WechatLeads.Server.Menu.PublishMenu));

    [Fact]
    public async Task Restarts_on_one_database_publish_an_unchanged_menu_once_and_a_changed_one_again()
    {
        var wechat = new SandboxState(TimeProvider.System);
        var first = new WechatLeadsFactory(sandbox: wechat);
        await using (first)
        {
            first.CreateClient();
            await Eventually.TrueAsync(() => Task.FromResult(wechat.MenuCreates == 1), "the first start publishes the menu");

            var second = first.SameDatabase(sandbox: wechat); // a restart, or a second instance
            await using (second)
            {
                second.CreateClient();
                await Eventually.TrueAsync(() => Task.FromResult(PublishRan(second)), "the second start's publish job has run");
                Assert.Equal(1, wechat.MenuCreates); // unchanged: not published again

                var edited = System.Text.Json.JsonSerializer.Serialize(new
                {
                    json = """{"button":[{"type":"view","name":"春季上新","url":"{base}/h5/me"},{"type":"click","name":"取消订阅","key":"UNSUBSCRIBE"}]}""",
                });
                var admin = second.CreateAdminClient(WechatLeadsFactory.OperatorKey);
                var put = await admin.PutAsync("/admin/api/menu", new StringContent(edited, System.Text.Encoding.UTF8, "application/json"));
                Assert.Equal(System.Net.HttpStatusCode.Accepted, put.StatusCode);
                await Eventually.TrueAsync(() => Task.FromResult(wechat.MenuCreates == 2), "a changed menu is published");

                var forced = await admin.PostAsync("/admin/api/menu/sync", null);
                Assert.Equal(System.Net.HttpStatusCode.Accepted, forced.StatusCode);
                await Eventually.TrueAsync(() => Task.FromResult(wechat.MenuCreates == 3), "重新同步 publishes even unchanged");
            }
        }
    }
}
