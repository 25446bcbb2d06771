using Microsoft.AspNetCore.DataProtection;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.TestSends;

/// <summary>Marketing test sends to the staff member's own number or WeChat, and the page where they set those up.</summary>
internal static class TestSendsSetup
{
    public static IServiceCollection AddTestSends(this IServiceCollection services) => services.AddScoped<TestTargets>();

    public static WebApplication MapTestSends(this WebApplication app)
    {
        app.MapGet("/admin/account/test-targets", PageAsync).ExcludeFromDescription().RequireAuthorization(AdminPolicies.Staff);
        app.MapAdminApi().MapTestTargets().MapTestSend();
        app.MapWechatBind();
        return app;
    }

    private static async Task<IResult> PageAsync(
        HttpContext http,
        TestTargets targets,
        IDataProtectionProvider protection,
        PublicUrls urls,
        CancellationToken ct)
    {
        var staff = TestTargetEndpoints.StaffName(http);
        var target = await targets.OfAsync(staff, ct);
        var link = WechatBindEndpoints.LinkFor(staff, protection, urls);
        var qr = QrCodes.PngDataUri(link, pixelsPerModule: 5);
        var bound = target?.OpenIdBoundAt is { } at ? ChinaTime.Format(at) : null;
        return ConsoleLayout.Render<TestTargetsPage>(http, new TestTargetsView(targets.MaskedPhone(target), bound, qr, link));
    }
}

/// <summary>What <see cref="TestTargetsPage"/> shows: the masked number, when WeChat was bound, and the bind link.</summary>
public sealed record TestTargetsView(string? Phone, string? WechatBoundAt, string BindQr, string BindLink);
