using Microsoft.AspNetCore.Authentication;

namespace WechatLeads.Server.Admin;

internal static class AdminSetup
{
    public static WebApplicationBuilder AddAdminAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>().Bind(builder.Configuration.GetSection(AdminOptions.Section))
            .Validate(o => o.ApiKeys.All(k => AdminRoles.IsKnown(k.Role)), "Admin:ApiKeys: every key needs Role Operator or Compliance.")
            .Validate(o => o.ApiKeys.All(k => k.Key.Length >= 24), "Admin:ApiKeys: every Key must be at least 24 characters (use openssl rand -base64 32).")
            .Validate(o => o.ApiKeys.All(k => !string.IsNullOrWhiteSpace(k.Name)), "Admin:ApiKeys: every key needs a Name (it appears in the audit log).")
            .ValidateOnStart();
        builder.Services.AddScoped<Audit.AuditLog>();
        // No default scheme: only routes whose policy names a scheme pay for authentication (the webhook
        // answers thousands of pushes a second and has its own signature check).
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicies.Staff, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser().RequireRole(AdminRoles.Operator, AdminRoles.Compliance))
            .AddPolicy(AdminPolicies.Compliance, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser().RequireRole(AdminRoles.Compliance));
        return builder;
    }

    /// <summary>The admin JSON API: every route under it needs a staff identity unless it asks for more.</summary>
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app) =>
        app.MapGroup("/admin/api").RequireAuthorization(AdminPolicies.Staff).WithTags("Admin");
}
