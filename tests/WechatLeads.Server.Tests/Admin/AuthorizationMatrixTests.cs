using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Admin;

/// <summary>
/// Anonymous, Operator and Compliance against every admin endpoint the app maps — found from the routing
/// table, so an endpoint added later is in the matrix without anyone remembering to add it.
/// </summary>
public sealed partial class AuthorizationMatrixTests() : HostedTests(shareHost: true)
{
    /// <summary>Personal data in the clear and the audit trail: the endpoints an Operator must never reach.</summary>
    private static readonly HashSet<string> ComplianceOnly =
    [
        "POST /admin/api/leads/{id}/reveal",
        "GET /admin/api/audit/",
        "GET /admin/api/audit/verify",
        "POST /admin/api/audit/verify",
        "GET /admin/api/audit/checkpoints",
        "POST /admin/api/audit/checkpoints",
        "GET /admin/audit",
        "GET /admin/api/compliance/retention/runs",
        "POST /admin/api/compliance/retention/run",
        "GET /admin/api/compliance/requests",
        "POST /admin/api/compliance/requests/{id}/answer",
        "GET /admin/api/compliance/report",
        "GET /admin/compliance",
        "GET /admin/api/campaigns/{slug}/draws/verify", // every draw's random value and outcome: the fairness audit
        "GET /admin/staff", // who may sign in, and as what
        "GET /admin/api/staff-accounts/",
        "POST /admin/api/staff-accounts/",
        "PATCH /admin/api/staff-accounts/{name}",
        "POST /admin/api/staff-accounts/{name}/password-reset",
        "DELETE /admin/api/staff-accounts/{name}/totp",
    ];

    /// <summary>The only admin routes anyone may reach: the sign-in page, its form, and its second steps (they need the sealed pending cookie).</summary>
    private static readonly HashSet<string> Public = ["GET /admin/login", "POST /admin/login", "POST /admin/login/step"];

    private List<(string Method, string Route)> AdminEndpoints() =>
        App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/admin", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Route: e.RoutePattern.RawText!)))
            .Where(e => !Public.Contains($"{e.Method} {e.Route}"))
            .Distinct().OrderBy(e => e.Route).ToList();

    private static HttpRequestMessage Request(string method, string route) =>
        new(new HttpMethod(method), RouteParameter().Replace(route, p => p.Value.Contains(":long") || p.Value.Contains(":int") ? "1" : "x"))
        {
            Content = method is "POST" or "PUT" or "PATCH" ? new StringContent("{}", System.Text.Encoding.UTF8, "application/json") : null,
        };

    [Fact]
    public async Task Every_admin_endpoint_refuses_anonymous_callers()
    {
        var endpoints = AdminEndpoints();
        Assert.True(endpoints.Count >= 8, $"found only {endpoints.Count} admin endpoints: the discovery is broken");
        var client = App.CreateClient(new() { AllowAutoRedirect = false });
        foreach (var (method, route) in endpoints)
        {
            var response = await client.SendAsync(Request(method, route));
            // The JSON API answers 401; console pages send a person to the sign-in page.
            var refused = response.StatusCode == HttpStatusCode.Unauthorized
                || (response.StatusCode == HttpStatusCode.Redirect
                    && response.Headers.Location!.OriginalString.Contains("/admin/login", StringComparison.Ordinal));
            Assert.True(refused, $"{method} {route} answered {(int)response.StatusCode} without credentials");
        }
        Assert.Contains(endpoints, e => e.Route.StartsWith("/admin/jobs", StringComparison.Ordinal)); // the dashboard is in the matrix
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateAdminClient("not-a-key-but-long-enough-000").GetAsync("/admin/api/leads")).StatusCode);
    }

    [Fact]
    public async Task Operators_reach_everything_but_personal_data_in_the_clear_and_the_audit_log()
    {
        var client = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        foreach (var (method, route) in AdminEndpoints())
        {
            var status = (await client.SendAsync(Request(method, route))).StatusCode;
            if (ComplianceOnly.Contains($"{method} {route}"))
                Assert.True(status == HttpStatusCode.Forbidden, $"{method} {route} answered {(int)status} to an Operator");
            else
                Assert.True(status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{method} {route} refused an Operator ({(int)status})");
        }
    }

    [Fact]
    public async Task Compliance_reaches_every_admin_endpoint()
    {
        var endpoints = AdminEndpoints();
        Assert.All(ComplianceOnly, e => Assert.Contains(e, endpoints.Select(x => $"{x.Method} {x.Route}")));
        var client = App.CreateAdminClient(WechatLeadsFactory.ComplianceKey);
        foreach (var (method, route) in endpoints)
        {
            var status = (await client.SendAsync(Request(method, route))).StatusCode;
            Assert.True(status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.InternalServerError),
                $"{method} {route} answered {(int)status} to Compliance");
        }
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
