using System.Net;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Admin;

/// <summary>The lead CSV people open in a spreadsheet speaks Chinese; scripts ask for machine headers.</summary>
public sealed class LeadExportHeadersTests : HostedTests
{
    [Fact]
    public async Task An_export_for_people_has_chinese_headers_words_and_beijing_time_and_machines_get_codes()
    {
        var player = await MiniProgramClient.LoginAsync(App);
        Assert.Equal(HttpStatusCode.Created, (await player.JoinAsync("spring-coupon", "13912340000", marketing: true)).StatusCode);
        var staff = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);

        var forPeople = await staff.GetStringAsync("/admin/api/leads/export?campaign=spring-coupon");
        var forScripts = await staff.GetStringAsync("/admin/api/leads/export?campaign=spring-coupon&headers=machine");

        Assert.StartsWith("\uFEFF编号,活动,手机号,渠道,来源,门店,营销同意,参与时间（北京时间）", forPeople);
        Assert.Contains(",小程序,", forPeople);
        Assert.Contains(",是,", forPeople);
        Assert.StartsWith("\uFEFFid,campaign,phone,channel,source,store,marketing_consent,created_at_utc", forScripts);
        Assert.Contains(",miniprogram,", forScripts);
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.GetAsync("/admin/api/leads/export?headers=xml")).StatusCode);
    }
}
