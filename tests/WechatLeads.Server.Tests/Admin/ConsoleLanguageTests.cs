using System.Net;
using System.Text.RegularExpressions;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Admin;

/// <summary>
/// Every console page a person reads is Chinese: no English words, raw statuses or codes in the text (names
/// people typed, configuration keys and the brand aside).
/// </summary>
public sealed partial class ConsoleLanguageTests() : HostedTests(shareHost: true)
{
    private static readonly string[] Pages =
    [
        "/admin", "/admin/campaigns", "/admin/campaigns/new", "/admin/campaigns/spring-coupon", "/admin/campaigns/spring-coupon/manage",
        "/admin/campaigns/lucky-draw/manage", "/admin/leads", "/admin/fulfilments", "/admin/marketing", "/admin/stores", "/admin/risk-lists",
        "/admin/replies", "/admin/privacy", "/admin/menu", "/admin/compliance", "/admin/audit", "/admin/staff", "/admin/account",
        "/admin/account/test-targets",
    ];

    [GeneratedRegex("<(script|style|code|pre|textarea|select)[^>]*>.*?</\\1>|<[^>]+>", RegexOptions.Singleline)]
    private static partial Regex Markup();

    [GeneratedRegex("[A-Za-z][A-Za-z_]{3,}")]
    private static partial Regex LatinWord();

    /// <summary>
    /// What stays as it is: the brand; identifiers people type or configure (sample slugs, API key names, configuration
    /// keys, file names and formats, the menu key, CSV columns and template fields named as the file or WeChat names
    /// them, audit record ids). A word of prose in English is not on this list.
    /// </summary>
    private static readonly HashSet<string> Allowed =
    [
        "WechatLeads", "OpenAPI", "JSON", "json", "Markdown", "https", "config", "replies", "menu", "create",
        "spring", "coupon", "lucky", "draw", "test", "operator", "compliance", "Admin", "Users", "Store", "lead", "openid",
        "UNSUBSCRIBE", "first", "remark", "carrier", "trackingNumber", "code",
    ];

    [Fact]
    public async Task Console_pages_read_in_Chinese()
    {
        var client = App.CreateAdminClient(WechatLeadsFactory.ComplianceKey);
        var found = new List<string>();
        foreach (var path in Pages)
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}");
            var html = await response.Content.ReadAsStringAsync();
            var main = html[html.IndexOf("<main>", StringComparison.Ordinal)..];
            var text = WebUtility.HtmlDecode(Markup().Replace(main, " "));
            found.AddRange(LatinWord().Matches(text).Select(m => m.Value).Where(w => !Allowed.Contains(w)).Distinct().Select(w => $"{path}: {w}"));
        }
        Assert.True(found.Count == 0, "English on console pages:\n" + string.Join("\n", found));
    }
}
