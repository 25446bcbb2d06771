using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Marketing;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Marketing;

/// <summary>
/// The marketing team's daily tools: 预计触达 (who a send would reach now, before anything is scheduled) and a send's
/// detail person by person. At 10:00 Beijing time, outside the quiet hours.
/// </summary>
public sealed class MarketingEstimateTests : IAsyncLifetime
{
    private readonly AdjustableClock _clock = new(AdjustableClock.ChinaTimeToday(10));
    private WechatLeadsFactory _app = null!;

    public Task InitializeAsync()
    {
        _app = new WechatLeadsFactory(time: _clock);
        _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private HttpClient Operator => _app.CreateAdminClient(WechatLeadsFactory.OperatorKey);

    [Fact]
    public async Task The_estimate_counts_who_would_be_reached_and_why_the_others_would_be_skipped_without_sending()
    {
        var leads = await MarketingSeed.LeadsAsync(_app, 4);
        await MarketingSeed.WithdrawAsync(_app, leads[0], "*"); // opted out of everything
        await MarketingSeed.WithdrawAsync(_app, leads[1], "spring-coupon"); // withdrew for this campaign
        var audience = new { campaign = "spring-coupon" };

        var response = await Operator.PostAsJsonAsync("/admin/api/marketing/estimate", new { channel = "sms", audience });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var estimate = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((4, 2, false), (estimate.GetProperty("drawn").GetInt32(), estimate.GetProperty("reachable").GetInt32(),
            estimate.GetProperty("scaled").GetBoolean()));
        var skipped = estimate.GetProperty("skipped");
        Assert.Equal(1, skipped.GetProperty(SkipReasons.OptedOut).GetInt32());
        Assert.Equal(1, skipped.GetProperty(SkipReasons.NoConsent).GetInt32());
        Assert.Contains(estimate.GetProperty("summary").EnumerateArray(), line => line.GetString()!.Contains("预计触达 2 人"));
        Assert.Equal(0, await _app.CountAsync<MarketingSend>()); // nothing scheduled, nothing written

        var bad = await Operator.PostAsJsonAsync("/admin/api/marketing/estimate", new { channel = "fax", audience });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_sends_detail_shows_each_person_masked_with_the_outcome_and_the_reason_in_chinese()
    {
        var leads = await MarketingSeed.LeadsAsync(_app, 2);
        await MarketingSeed.WithdrawAsync(_app, leads[0], "*");
        var id = await MarketingSendTests.ScheduleAsync(_app,
            new { name = "周末活动", channel = "sms", text = MarketingSendTests.Sms, audience = new { campaign = "spring-coupon" } });
        await MarketingSendTests.FinishedAsync(_app, id);

        var html = await Operator.GetStringAsync($"/admin/marketing/sends/{id}");
        var (skippedPhone, sentPhone) = (PhoneNumber.Mask(leads[0].Phone), PhoneNumber.Mask(leads[1].Phone));
        Assert.Contains(sentPhone, html);
        Assert.Contains(skippedPhone, html);
        Assert.Contains("已退订", html);
        Assert.DoesNotContain(leads[0].Phone, html);
        Assert.DoesNotContain(">opted_out<", html);

        var skippedOnly = await Operator.GetStringAsync($"/admin/marketing/sends/{id}?status=skipped");
        var table = skippedOnly[skippedOnly.IndexOf("id=\"deliveries\"", StringComparison.Ordinal)..];
        Assert.Contains(skippedPhone, table);
        Assert.DoesNotContain(sentPhone, table);
        Assert.Equal(HttpStatusCode.NotFound, (await Operator.GetAsync("/admin/marketing/sends/999999")).StatusCode);
    }
}
