using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Sms;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Sms;

public sealed class SmsRecordPurgeTests
{
    [Fact]
    public async Task Old_callback_keys_and_delivery_records_are_deleted_and_recent_ones_kept()
    {
        var clock = new AdjustableClock(AdjustableClock.ChinaTimeToday(10));
        var fake = SmsTestHost.TencentFake(clock);
        await using var app = SmsTestHost.Start(clock, SmsTestHost.Tencent(), fake);
        var sender = app.Services.GetRequiredService<ISmsSender>();
        await sender.SendAsync(
            new SmsMessage("code-old", "13500000001", SmsPurposes.Verification, [new("code", "1"), new("minutes", "10")], "x"),
            CancellationToken.None);
        await app.CreateClient().PostAsync($"/callbacks/sms/tencent/{SmsTestHost.Token}/status", new StringContent(
            """[{"mobile":"13500000001","report_status":"SUCCESS","errmsg":"DELIVRD","sid":"fake-sid-1"}]""", System.Text.Encoding.UTF8, "application/json"));
        clock.Advance(TimeSpan.FromDays(8));
        await sender.SendAsync(
            new SmsMessage("code-new", "13500000001", SmsPurposes.Verification, [new("code", "2"), new("minutes", "10")], "x"),
            CancellationToken.None);

        await using (var scope = app.Services.CreateAsyncScope())
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<SmsRecordPurge>().RunAsync(CancellationToken.None)); // the key, 8 days old
        clock.Advance(TimeSpan.FromDays(85));
        await using (var scope = app.Services.CreateAsyncScope())
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<SmsRecordPurge>().RunAsync(CancellationToken.None)); // code-old, 93 days

        Assert.Equal(0, await app.CountAsync<SmsCallbackReceipt>());
        Assert.Equal(["code-new"], await app.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            System.Linq.Queryable.Select(db.Set<SmsDelivery>(), d => d.MessageId))));
    }
}
