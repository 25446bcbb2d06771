using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;
using WechatLeads.Server.PhoneProof;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.TestSends;

/// <summary>
/// A staff member proves the number their test sends go to: a code by SMS to it, typed back. The same code
/// machinery, caps and lifetime as followers' codes, filed under the staff member.
/// </summary>
internal static class TestTargetEndpoints
{
    public sealed record PhoneInput(string? Phone);

    public sealed record PhoneProof(string? Phone, string? Code);

    public sealed record Done(IReadOnlyList<string> Notice);

    public static RouteGroupBuilder MapTestTargets(this RouteGroupBuilder admin)
    {
        admin.MapPost("/account/test-phone/code", SendCodeAsync).WithName("SendTestPhoneCode")
            .WithSummary("Sends a code to the number the signed-in staff member wants their test sends at.").ProducesProblem(400).ProducesProblem(429);
        admin.MapPost("/account/test-phone", ConfirmAsync).WithName("ConfirmTestPhone")
            .WithSummary("Records the number once its code comes back: test sends by SMS go there.").ProducesProblem(400);
        return admin;
    }

    private static async Task<Results<Ok<Done>, ProblemHttpResult>> SendCodeAsync(
        PhoneInput body, HttpContext http, PhoneCodes codes, TestTargets targets, CancellationToken ct)
    {
        if (!PhoneNumber.TryParse(body.Phone, out var phone)) return PhoneCodeProblems.InvalidPhone.ToResult();
        var sent = await codes.SendAsync(targets.CodeAsker(StaffName(http)), phone.Value, PhoneCodePurposes.StaffTest, ct);
        return sent.Status switch
        {
            PhoneCodes.SendStatus.Sent => TypedResults.Ok(new Done([$"验证码已发送到 {phone.Value.Masked}，{(int)PhoneCodeRules.Lifetime.TotalMinutes} 分钟内有效。"])),
            PhoneCodes.SendStatus.ResendTooSoon => PhoneCodeProblems.SmsCodeTooSoon.ToResult(),
            PhoneCodes.SendStatus.TooMany => PhoneCodeProblems.SmsCodeTooMany.ToResult(),
            _ => PhoneCodeProblems.SmsUnavailable.ToResult(),
        };
    }

    private static async Task<Results<Ok<Done>, ProblemHttpResult>> ConfirmAsync(
        PhoneProof body, HttpContext http, PhoneCodes codes, TestTargets targets, LeadsDbContext db, TimeProvider time, AuditLog audit,
        CancellationToken ct)
    {
        if (!PhoneNumber.TryParse(body.Phone, out var phone)) return PhoneCodeProblems.InvalidPhone.ToResult();
        var check = await codes.CheckAsync(targets.CodeAsker(StaffName(http)), phone.Value, PhoneCodePurposes.StaffTest, body.Code, ct);
        switch (check.Status)
        {
            case PhoneCodes.CheckStatus.Wrong: return PhoneCodeProblems.SmsCodeWrong.ToResult();
            case PhoneCodes.CheckStatus.Expired or PhoneCodes.CheckStatus.Missing: return PhoneCodeProblems.SmsCodeExpired.ToResult();
        }
        var now = time.GetUtcNow().UtcDateTime;
        await db.Set<PhoneVerification>().Where(v => v.Id == check.VerificationId && v.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.UsedAt, now), ct);
        await targets.SetPhoneAsync(StaffName(http), phone.Value, ct);
        await audit.AppendAsync(http, new AuditRecord(AuditActions.TestTargetSet, $"staff:{StaffName(http)} phone"), ct);
        return TypedResults.Ok(new Done([$"测试接收号码已设为 {phone.Value.Masked}。"]));
    }

    public static string StaffName(HttpContext http) => http.User.Identity?.Name ?? "";
}
