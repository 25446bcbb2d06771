using System.Text.Json;
using System.Text.RegularExpressions;

namespace WechatLeads.Server.Tests.Promotions;

/// <summary>
/// The sample campaigns and notices in config/ are what people copy: they must be a model of compliance, so what a
/// campaign does (how long it keeps data, whom it is for) agrees with what its notice tells people.
/// </summary>
public sealed partial class SampleCampaignTests
{
    private static readonly string Config = Path.Combine(AppContext.BaseDirectory, "config");

    public static TheoryData<string> Campaigns() =>
        [.. Directory.GetFiles(Path.Combine(Config, "campaigns"), "*.json").Select(path => Path.GetFileName(path))];

    [Theory]
    [MemberData(nameof(Campaigns))]
    public void A_sample_campaign_keeps_data_exactly_as_long_as_its_notice_says(string file)
    {
        var (policy, retentionDays) = Read(file);

        var notice = File.ReadAllText(Path.Combine(Config, "privacy", policy + ".md"));
        var stated = Retention().Match(notice);

        Assert.True(stated.Success, $"{policy}.md states no retention for participation data");
        Assert.Equal(int.Parse(stated.Groups[1].Value), retentionDays);
    }

    [Theory]
    [MemberData(nameof(Campaigns))]
    public void A_sample_campaigns_notice_names_one_age_for_its_audience(string file)
    {
        var notice = File.ReadAllText(Path.Combine(Config, "privacy", Read(file).Policy + ".md"));

        var ages = Age().Matches(notice).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.Equal(["18"], ages); // "for adults of 18 and over" beside "if you are under 14" would leave 14-17 unsaid
    }

    private static (string Policy, int RetentionDays) Read(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Config, "campaigns", file)));
        return (json.RootElement.GetProperty("policyVersion").GetString()!, json.RootElement.GetProperty("retentionDays").GetInt32());
    }

    [GeneratedRegex(@"活动参与信息和手机号码：自参与之日起 \*\*(\d+) 天\*\*")]
    private static partial Regex Retention();

    [GeneratedRegex(@"(\d+) 周岁")]
    private static partial Regex Age();
}
