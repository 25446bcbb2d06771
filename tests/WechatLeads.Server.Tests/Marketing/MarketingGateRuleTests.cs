using WechatLeads.Server.Marketing;

namespace WechatLeads.Server.Tests.Marketing;

/// <summary>The gate's rules one by one and in combination, and quiet hours around midnight — no host needed.</summary>
public sealed class MarketingGateRuleTests
{
    private static readonly GateFacts Clear = new(LeadExists: true, GrantId: 10, GrantPolicyVersion: "2026-11", CurrentPolicyVersion: "2026-11",
        LatestOptOutId: 0, WithdrawnForCampaign: false, NeedsOfficialAccountOpenId: false, HasOfficialAccountOpenId: false);

    public static TheoryData<string, GateFacts, string?> Cases => new()
    {
        { "all clear", Clear, null },
        { "erased", Clear with { LeadExists = false }, SkipReasons.Erased },
        { "a number nobody proved (drawn before proof was required)", Clear with { PhoneProven = false }, SkipReasons.PhoneNotProven },
        { "never granted", Clear with { GrantId = null }, SkipReasons.NoConsent },
        { "opted out after granting", Clear with { LatestOptOutId = 11 }, SkipReasons.OptedOut },
        { "opted out, then granted again", Clear with { LatestOptOutId = 9 }, null },
        { "withdrew for this campaign", Clear with { WithdrawnForCampaign = true }, SkipReasons.NoConsent },
        { "granted under an older notice", Clear with { GrantPolicyVersion = "2025-01" }, SkipReasons.OutdatedPolicy },
        { "granted longer ago than the marketing purpose lasts", Clear with { GrantLapsed = true }, SkipReasons.ConsentLapsed },
        { "WeChat channel without an Official Account openid", Clear with { NeedsOfficialAccountOpenId = true }, SkipReasons.NoWechatIdentity },
        { "WeChat channel with one", Clear with { NeedsOfficialAccountOpenId = true, HasOfficialAccountOpenId = true }, null },
        // Combinations: the reason shown is the most fundamental one.
        { "opted out and old notice", Clear with { LatestOptOutId = 11, GrantPolicyVersion = "2025-01" }, SkipReasons.OptedOut },
        { "erased and opted out", Clear with { LeadExists = false, LatestOptOutId = 11 }, SkipReasons.Erased },
        { "old notice and lapsed", Clear with { GrantPolicyVersion = "2025-01", GrantLapsed = true }, SkipReasons.OutdatedPolicy },
        { "withdrawn here and no openid", Clear with { WithdrawnForCampaign = true, NeedsOfficialAccountOpenId = true }, SkipReasons.NoConsent },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_first_failing_rule_names_the_skip(string situation, GateFacts facts, string? expected) =>
        Assert.True(MarketingGate.Decide(facts) == expected, $"{situation}: expected {expected ?? "send"}, got {MarketingGate.Decide(facts) ?? "send"}");

    [Theory]
    [InlineData("2026-11-29T20:59:00+08:00", null)]
    [InlineData("2026-11-29T21:00:00+08:00", "2026-11-30T08:00:00+08:00")]
    [InlineData("2026-11-29T23:59:00+08:00", "2026-11-30T08:00:00+08:00")]
    [InlineData("2026-11-30T00:30:00+08:00", "2026-11-30T08:00:00+08:00")]
    [InlineData("2026-11-30T07:59:59+08:00", "2026-11-30T08:00:00+08:00")]
    [InlineData("2026-11-30T08:00:00+08:00", null)]
    [InlineData("2026-11-29T14:00:00+00:00", "2026-11-30T08:00:00+08:00")] // 22:00 in Beijing, whatever the server's zone
    public void Quiet_hours_run_from_21_to_8_china_time(string now, string? endsAt)
    {
        var end = QuietHours.EndsAfter(DateTimeOffset.Parse(now), new TimeOnly(21, 0), new TimeOnly(8, 0));
        Assert.Equal(endsAt is null ? null : DateTimeOffset.Parse(endsAt), end);
    }

    [Fact]
    public void Quiet_hours_within_one_day_are_supported_too() =>
        Assert.Equal(DateTimeOffset.Parse("2026-11-29T14:00:00+08:00"),
            QuietHours.EndsAfter(DateTimeOffset.Parse("2026-11-29T12:30:00+08:00"), new TimeOnly(12, 0), new TimeOnly(14, 0)));

    [Theory]
    [InlineData("sms", "【示例咖啡】新品上市，回复TD退订", true)]
    [InlineData("sms", "【示例咖啡】新品上市，菜单取消订阅", false)] // an SMS reader has no menu
    [InlineData("sms", "新品上市，回复TD退订", false)]
    [InlineData("wechat_customer_service", "【示例咖啡】新品上市，点菜单“取消订阅”即可退订", true)]
    [InlineData("wechat_template", "【别家】新品上市，回复TD退订", false)]
    public void Messages_must_name_the_sender_and_the_way_to_refuse(string channel, string text, bool allowed) =>
        Assert.Equal(allowed, MessageRules.Problems(channel, text, "示例咖啡").Count == 0);
}
