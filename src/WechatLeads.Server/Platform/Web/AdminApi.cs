namespace WechatLeads.Server.Platform.Web;

internal static class AdminApi
{
    /// <summary>
    /// <c>/admin/api</c>: staff only, tagged Admin; a console session's changes must carry the antiforgery token (API
    /// keys need none: no browser sends them by itself). Each feature maps its admin routes on its own such group.
    /// </summary>
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app) =>
        app.MapGroup("/admin/api").RequireAuthorization(AdminPolicies.Staff).WithTags("Admin").AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var unsafeMethod = !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method));
            var consoleSession = http.User.HasClaim(c => c.Type == StaffClaims.ConsoleSession)
                || http.User.FindFirst("auth")?.Value == StaffClaims.PasswordMethod;
            if (unsafeMethod && consoleSession
                && !await http.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().IsRequestValidAsync(http))
                return new ApiProblem(400, ProblemCodes.AntiforgeryInvalid, "Antiforgery token missing or invalid.",
                    Ui.T("Console requests that change data must send the RequestVerificationToken header.")).ToResult();
            return await next(context);
        });
}
