using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Admin;

/// <summary><c>/admin/staff</c>: the compliance officer's page for staff accounts (the API is <see cref="StaffAccountEndpoints"/>).</summary>
internal static class StaffAccountPages
{
    public static IEndpointRouteBuilder MapStaffAccountPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/staff", PageAsync).ExcludeFromDescription().RequireAuthorization(AdminPolicies.Compliance);
        return app;
    }

    private static async Task<IResult> PageAsync(HttpContext http, LeadsDbContext db, IOptionsMonitor<AdminOptions> options, CancellationToken ct) =>
        ConsoleLayout.Render<StaffAccountsPage>(http, new StaffAccountsView(await StaffAccountEndpoints.AllAsync(db, options, ct)));
}

public sealed record StaffAccountsView(IReadOnlyList<StaffAccountEndpoints.StaffAccountView> Accounts);
