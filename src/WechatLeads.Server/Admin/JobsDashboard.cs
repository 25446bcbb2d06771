using Hangfire;
using Hangfire.Dashboard;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Admin;

/// <summary>
/// Hangfire's dashboard at <c>/admin/jobs</c> for signed-in staff only, in every environment. Operators get
/// it read-only; only Compliance may trigger, delete or requeue a job (the retention purge erases people's
/// data, the marketing-sends job contacts them), and each such command is an audit entry.
/// </summary>
internal static class JobsDashboard
{
    public const string Path = "/admin/jobs";

    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        // Hiding the buttons is not enough: a POST can be crafted by hand, so the commands are refused here
        // too, before Hangfire sees them. Runs after authorization, so the user is already known.
        app.UseWhen(http => HttpMethods.IsPost(http.Request.Method) && http.Request.Path.StartsWithSegments(Path), branch => branch.Use(GuardCommandAsync));
        // Hangfire's own filter (local requests only) is replaced by the endpoint's authorization policy.
        app.MapHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [],
            IsReadOnlyFunc = context => !IsCompliance(context.GetHttpContext()),
            AppPath = "/admin",
            DashboardTitle = "WechatLeads jobs",
        }).RequireAuthorization(AdminPolicies.Staff);
        return app;
    }

    private static bool IsCompliance(HttpContext http) => http.User.IsInRole(AdminRoles.Compliance);

    private static async Task GuardCommandAsync(HttpContext http, RequestDelegate next)
    {
        var command = http.Request.Path.Value![Path.Length..];
        // The live counters are fetched by POST too; they change nothing and every viewer needs them.
        if (command is "/stats")
        {
            await next(http);
            return;
        }
        if (http.User.Identity?.IsAuthenticated != true) { await next(http); return; } // the endpoint's policy answers
        if (!IsCompliance(http))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        // Read before Hangfire does: the parsed form is kept on the request and Hangfire reads the same one.
        var ids = http.Request.HasFormContentType ? (await http.Request.ReadFormAsync(http.RequestAborted))["jobs[]"].ToArray() : [];
        await next(http);
        // Hangfire answers a command 204 when it did it and 422 when it did not (unknown id, wrong state).
        if (http.Response.StatusCode is >= 200 and < 300)
        {
            var target = ids.Length > 0 ? $"{command} {string.Join(',', ids)}" : command;
            await http.RequestServices.GetRequiredService<AuditLog>()
                .AppendAsync(http, new AuditRecord(AuditActions.JobsCommand, target, Math.Max(ids.Length, 1)), CancellationToken.None);
        }
    }
}
