using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Platform;

/// <summary>
/// One way errors leave the server: programs get ProblemDetails with a stable code from one list, people in a
/// browser get a Chinese page — for refusals, unreadable requests and the framework's own answers alike.
/// </summary>
public sealed class ErrorPipelineTests() : HostedTests(shareHost: true)
{
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task An_unknown_json_field_is_a_400_naming_the_field_not_a_bare_bad_request()
    {
        var admin = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        var response = await admin.PatchAsync("/admin/api/campaigns/spring-coupon",
            new StringContent("""{"share":{"extraDrawsPerShare":1}}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal(ProblemCodes.InvalidJson, problem.GetProperty("code").GetString());
        Assert.Contains("extraDrawsPerShare", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Json_that_does_not_parse_says_where_and_never_echoes_the_value()
    {
        var admin = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        var response = await admin.PatchAsync("/admin/api/campaigns/spring-coupon",
            new StringContent("""{"title": 13912345678}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains(ProblemCodes.InvalidJson, text);
        Assert.Contains("$.title", text);
        Assert.DoesNotContain("13912345678", text);
    }

    [Fact]
    public async Task Framework_answers_carry_a_code_too()
    {
        var anonymous = App.CreateClient();
        var missing = await anonymous.GetAsync("/api/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(ProblemCodes.NotFound, (await ProblemAsync(missing)).GetProperty("code").GetString());

        var admin = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        var invalid = await admin.PutAsJsonAsync("/admin/api/stores/SH-X", new { });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var validation = await ProblemAsync(invalid);
        Assert.Equal(ProblemCodes.ValidationFailed, validation.GetProperty("code").GetString());
        Assert.True(validation.TryGetProperty("errors", out _));
    }

    [Fact]
    public async Task A_person_in_a_browser_gets_a_chinese_page_not_json()
    {
        var operatorBrowser = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        operatorBrowser.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        var forbidden = await operatorBrowser.GetAsync("/admin/compliance"); // Compliance only
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("text/html", forbidden.Content.Headers.ContentType?.MediaType);
        Assert.Contains("没有权限", await forbidden.Content.ReadAsStringAsync());

        var missing = await operatorBrowser.GetAsync("/h5/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("页面不存在", await missing.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Every_declared_problem_uses_a_listed_code_and_codes_are_unique()
    {
        var constants = typeof(ProblemCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.Equal(constants.Count, constants.Distinct().Count());
        Assert.All(constants, c => Assert.Matches("^[a-z]+(_[a-z0-9]+)*$", c));

        // Reading every named problem runs its constructor, which refuses a code that is not listed.
        var declared = typeof(ApiProblem).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Where(f => f.FieldType == typeof(ApiProblem)).Select(f => (ApiProblem)f.GetValue(null)!).ToList();
        Assert.True(declared.Count > 60, $"only {declared.Count} named problems found");
        Assert.All(declared, p => Assert.True(ProblemCodes.All.Contains(p.Code), p.Code));
        Assert.Throws<ArgumentException>(() => new ApiProblem(400, "TooMany", "an unlisted code"));
    }
}
