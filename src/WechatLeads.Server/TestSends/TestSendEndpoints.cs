using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Data;
using WechatLeads.Server.Marketing;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.TestSends;

/// <summary>
/// 发给自己测试: the message as typed in the send form, checked by the same rules as scheduling, sent through the
/// same channel to the staff member's own proven number or bound WeChat — never to anyone else, never counted
/// against a follower's cap. At most <see cref="PerHour"/> an hour per person; each one audited.
/// </summary>
internal static class TestSendEndpoints
{
    public const int PerHour = 20;

    public sealed record TestSent(string Status, string? Reason, IReadOnlyList<string> Notice);

    public static RouteGroupBuilder MapTestSend(this RouteGroupBuilder admin)
    {
        admin.MapPost("/marketing/test-send", SendAsync).WithName("TestMarketingSend")
            .WithSummary("Sends the message of a send form (same body as scheduling; audience ignored) to the caller's own test number or WeChat.")
            .ProducesValidationProblem().ProducesProblem(409).ProducesProblem(429);
        return admin;
    }

    private static async Task<Results<Ok<TestSent>, ValidationProblem, ProblemHttpResult>> SendAsync(
        MarketingAdminEndpoints.NewSend body, HttpContext http, MarketingDraft draft, TestTargets targets, IEnumerable<IMarketingChannel> channels,
        LeadsDbContext db, AuditLog audit, TimeProvider time, CancellationToken ct)
    {
        var staff = TestTargetEndpoints.StaffName(http);
        var (send, problems) = await draft.CheckAsync(body with { Name = string.IsNullOrWhiteSpace(body.Name) ? "测试发送" : body.Name }, staff, ct);
        if (send is null) return ApiProblem.Validation("send", problems);

        var target = await targets.OfAsync(staff, ct);
        var bySms = send.Channel == MarketingChannels.Sms;
        if (bySms ? target?.PhoneCipher is null : target?.OpenIdCipher is null)
            return new ApiProblem(409, ProblemCodes.TestTargetMissing, bySms ? "还没有验证测试接收号码" : "还没有绑定测试接收微信号",
                "请先在“我的账号 → 测试接收”" + (bySms ? "验证您自己的手机号。" : "用微信扫码绑定您自己的微信号。")).ToResult();
        var hourAgo = time.GetUtcNow().UtcDateTime.AddHours(-1);
        if (await db.Set<AuditEntry>().CountAsync(e => e.Action == AuditActions.MarketingTestSend && e.Actor == staff && e.At > hourAgo, ct) >= PerHour)
            return new ApiProblem(429, ProblemCodes.RateLimited, $"一小时内最多测试发送 {PerHour} 次", "请稍后再试。").ToResult();

        var channel = channels.Single(c => c.Name == send.Channel);
        var outcome = await channel.SendAsync(send, new Recipient("test-" + Ids.New(), targets.OpenIdOf(target!), target!.PhoneCipher ?? ""), ct);
        await audit.AppendAsync(http, new AuditRecord(AuditActions.MarketingTestSend, $"{send.Channel} to own test target: {outcome.Status}"), ct);
        var to = bySms ? "您的测试号码 " + targets.MaskedPhone(target) : "您绑定的微信号";
        var said = outcome.Status switch
        {
            MarketingDeliveryStatus.Sent => $"已发给{to}，请查收。",
            MarketingDeliveryStatus.Skipped => $"没有发出（{MarketingNames.SkipReason(outcome.Reason ?? "")}）。",
            MarketingDeliveryStatus.Unknown => $"结果不明：请求可能已到达通道（{MarketingNames.SkipReason(outcome.Reason ?? "")}），请先查看{to}。",
            "retry-later" => "通道暂时繁忙，没有发出，请稍后再试。",
            _ => $"发送失败（{MarketingNames.SkipReason(outcome.Reason ?? "")}）。",
        };
        return TypedResults.Ok(new TestSent(outcome.Status, outcome.Reason, [said]));
    }
}
