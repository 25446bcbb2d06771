using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Platform;

/// <summary>
/// What people read is Chinese, from <c>Ui.zh-CN.resx</c>: every text the code hands to <see cref="Ui"/> and
/// every refusal's title has a translation, and answers carry it.
/// </summary>
public sealed partial class UiTextTests() : HostedTests(shareHost: true)
{
    private static readonly string Server = Path.Combine(RepositoryRoot(), "src", "WechatLeads.Server");

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WechatLeads.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("WechatLeads.sln not found above the test's directory.");
    }

    private static HashSet<string> Translated() =>
        [.. XDocument.Load(Path.Combine(Server, "Platform", "Web", "Ui.zh-CN.resx")).Root!.Elements("data").Select(d => (string)d.Attribute("name")!)];

    [GeneratedRegex("""Ui\.T\(\s*"((?:[^"\\]|\\.)*)"(?=[,)])""")]
    private static partial Regex UiKey();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();

    [Fact]
    public void Every_text_the_code_says_through_Ui_has_a_Chinese_translation_and_none_is_left_over()
    {
        var keys = Directory.EnumerateFiles(Server, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => UiKey().Matches(File.ReadAllText(f)).Select(m => Regex.Unescape(m.Groups[1].Value)))
            .ToHashSet(StringComparer.Ordinal);
        var translated = Translated();

        Assert.True(keys.Count > 100, $"only {keys.Count} keys found: the scan is broken");
        var untranslated = keys.Where(k => !translated.Contains(k) && !Chinese().IsMatch(k)).Order().ToList();
        Assert.True(untranslated.Count == 0, "Add to Ui.zh-CN.resx:\n" + string.Join("\n", untranslated));
        var unused = translated.Where(t => !keys.Contains(t) && !AnsweredByFramework.Contains(t) && !ProblemTexts().Contains(t)).Order().ToList();
        Assert.True(unused.Count == 0, "No longer said by the code, remove from Ui.zh-CN.resx:\n" + string.Join("\n", unused));
    }

    /// <summary>Titles ASP.NET Core gives answers it writes itself (a validation problem, a bare status).</summary>
    private static readonly HashSet<string> AnsweredByFramework =
    [
        "One or more validation errors occurred.", "Bad Request", "Unauthorized", "Forbidden", "Not Found", "Method Not Allowed", "Conflict",
        "Unsupported Media Type", "Unprocessable Entity", "An error occurred while processing your request.",
        "couponValidFrom", "couponValidUntil", "validFrom", "validUntil", "claimDays", // field names, passed as values
    ];

    /// <summary>Every title and detail of every refusal declared as a named value (the <c>…Problems</c> classes).</summary>
    private static HashSet<string> ProblemTexts()
    {
        var problems = typeof(Ui).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Where(f => f.FieldType == typeof(ApiProblem) && !f.DeclaringType!.ContainsGenericParameters)
            .Select(f => (ApiProblem)f.GetValue(null)!);
        return [.. problems.SelectMany(p => new[] { p.Title, p.Detail }).OfType<string>()];
    }

    [Fact]
    public void Every_declared_refusal_reads_in_Chinese()
    {
        var english = ProblemTexts().Where(text => !Chinese().IsMatch(Ui.T(text))).Order().ToList();
        Assert.True(english.Count == 0, "Add these to Ui.zh-CN.resx:\n" + string.Join("\n", english));
    }

    [Fact]
    public void Another_language_is_a_resource_file_away_the_keys_are_its_english()
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            Assert.Equal("没有这次发送。", Ui.T("No such send."));
            Assert.Equal("与第 7 行重复", Ui.T("repeats line {0}", 7));
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-GB");
            Assert.Equal("No such send.", Ui.T("No such send."));
            Assert.Equal("repeats line 7", Ui.T("repeats line {0}", 7));
        }
        finally { CultureInfo.CurrentUICulture = before; }
    }

    [Fact]
    public async Task A_refused_console_form_answers_in_Chinese_whatever_the_browser_language()
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WechatLeadsFactory.OperatorKey);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");

        var refused = await client.PutAsJsonAsync("/admin/api/stores/SH-9", new { name = "", address = new string('x', 201) });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("提交的内容有误：", problem.GetProperty("title").GetString());
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString()); // the contract stays as it is
        Assert.Equal(["请填写名称（最多 100 个字符）。", "地址最多 200 个字符。"],
            problem.GetProperty("errors").GetProperty("store").EnumerateArray().Select(e => e.GetString()));

        var missing = await client.GetAsync("/admin/api/marketing/sends/999999");
        Assert.Equal("没有这次发送。", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }
}
