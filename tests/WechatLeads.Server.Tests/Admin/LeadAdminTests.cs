using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Admin;

/// <summary>Leads as staff see them: masked for everyone, in full only for Compliance with a reason, and every look audited.</summary>
public sealed class LeadAdminTests() : HostedTests(new Dictionary<string, string?> { ["RateLimits:ParticipationsPerIpPerMinute"] = "100000" })
{
    private HttpClient Operator => App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
    private HttpClient Compliance => App.CreateAdminClient(WechatLeadsFactory.ComplianceKey);

    private async Task<(string Phone, MiniProgramClient Player)> JoinAsync(bool marketing, string slug = "spring-coupon")
    {
        var player = await MiniProgramClient.LoginAsync(App);
        var phone = "139" + Random.Shared.Next(10_000_000, 99_999_999);
        var response = await player.JoinAsync(slug, phone, marketing);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (phone, player);
    }

    private async Task<string> LeadIdOfAsync(string phone)
    {
        var page = await Operator.GetFromJsonAsync<JsonElement>("/admin/api/leads?limit=200");
        var masked = PhoneNumber.Mask(phone);
        return page.GetProperty("items").EnumerateArray().First(i => i.GetProperty("phone").GetString() == masked).GetProperty("id").GetString()!;
    }

    private Task<List<AuditEntry>> AuditAsync() => App.QueryAsync(db => db.Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());

    [Fact]
    public async Task A_search_by_full_phone_number_finds_the_lead_masked_and_is_audited_with_its_reason()
    {
        var (wanted, _) = await JoinAsync(marketing: false);
        await JoinAsync(marketing: false);

        var noReason = await Operator.GetAsync($"/admin/api/leads?phone={wanted}");
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Operator.GetAsync($"/admin/api/leads?phone={wanted[..7]}&reason=客户来电查询")).StatusCode);

        var found = await Operator.GetFromJsonAsync<JsonElement>($"/admin/api/leads?phone={wanted}&reason=客户来电查询");

        var item = Assert.Single(found.GetProperty("items").EnumerateArray());
        Assert.Equal(PhoneNumber.Mask(wanted), item.GetProperty("phone").GetString());
        var entry = Assert.Single(await AuditAsync(), e => e.Action == AuditActions.PhoneSearch && e.Target.EndsWith(PhoneNumber.Mask(wanted)));
        Assert.Equal(("leads?phone=" + PhoneNumber.Mask(wanted), "客户来电查询"), (entry.Target, entry.Reason));
        Assert.DoesNotContain(wanted, string.Join('|', (await AuditAsync()).Select(e => e.Target + e.Reason)));
    }

    [Fact]
    public async Task The_console_list_is_newest_first_with_page_numbers_totals_and_drop_downs()
    {
        var (older, _) = await JoinAsync(marketing: false);
        var (newer, _) = await JoinAsync(marketing: false);

        var html = await Operator.GetStringAsync("/admin/leads?campaign=spring-coupon&proven=yes");

        Assert.True(html.IndexOf(PhoneNumber.Mask(newer), StringComparison.Ordinal) < html.IndexOf(PhoneNumber.Mask(older), StringComparison.Ordinal));
        Assert.Matches("共 \\d+ 条", html);
        Assert.Contains("<select name=\"campaign\"", html);
        Assert.Contains("<select name=\"source\"", html);
        Assert.Contains("<select name=\"store\"", html);
        Assert.Contains("<select name=\"proven\"", html);
        var searched = await Operator.GetStringAsync($"/admin/leads?phone={newer}&reason=客户来电查询");
        Assert.Contains(PhoneNumber.Mask(newer), searched);
        Assert.DoesNotContain(PhoneNumber.Mask(older), searched);
        Assert.DoesNotContain(newer, searched); // the typed number is not echoed back, not even in links
    }

    [Fact]
    public async Task The_list_shows_masked_numbers_only_and_filters_by_campaign_and_consent()
    {
        var (withMarketing, _) = await JoinAsync(marketing: true);
        var (serviceOnly, _) = await JoinAsync(marketing: false);

        var all = await Operator.GetStringAsync("/admin/api/leads?campaign=spring-coupon&limit=200");
        Assert.DoesNotContain(withMarketing, all);
        Assert.DoesNotContain(serviceOnly, all);
        Assert.Contains(PhoneNumber.Mask(withMarketing), all);

        var consenting = await Operator.GetStringAsync("/admin/api/leads?consent=marketing&limit=200");
        Assert.Contains(PhoneNumber.Mask(withMarketing), consenting);
        Assert.DoesNotContain(PhoneNumber.Mask(serviceOnly), consenting);

        var bad = await Operator.GetAsync("/admin/api/leads?consent=maybe");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task The_list_pages_with_a_cursor_and_refuses_filters_no_lead_could_match()
    {
        for (var i = 0; i < 3; i++) await JoinAsync(marketing: false, slug: "lucky-draw");

        var first = await Operator.GetFromJsonAsync<JsonElement>("/admin/api/leads?campaign=lucky-draw&limit=2");
        var next = first.GetProperty("next").GetString();
        var second = await Operator.GetFromJsonAsync<JsonElement>($"/admin/api/leads?campaign=lucky-draw&limit=2&after={next}");

        var ids = first.GetProperty("items")
            .EnumerateArray()
            .Concat(second.GetProperty("items").EnumerateArray())
            .Select(i => i.GetProperty("id").GetString())
            .ToList();
        Assert.True(ids.Count >= 3);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(HttpStatusCode.BadRequest, (await Operator.GetAsync("/admin/api/leads?source=" + new string('x', 300))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Operator.GetAsync("/admin/api/leads/export?store=a%00b")).StatusCode);
    }

    [Fact]
    public async Task Only_compliance_reveals_a_number_with_a_reason_and_the_reveal_is_audited()
    {
        var (phone, _) = await JoinAsync(marketing: false);
        var id = await LeadIdOfAsync(phone);

        var byOperator = await Operator.PostAsJsonAsync($"/admin/api/leads/{id}/reveal", new { reason = "customer called about the coupon" });
        Assert.Equal(HttpStatusCode.Forbidden, byOperator.StatusCode);
        var withoutReason = await Compliance.PostAsJsonAsync($"/admin/api/leads/{id}/reveal", new { reason = " " });
        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        var unknown = await Compliance.PostAsJsonAsync("/admin/api/leads/nope/reveal", new { reason = "customer called about the coupon" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.DoesNotContain(await AuditAsync(), e => e.Action == AuditActions.Reveal);

        var revealed = await Compliance.PostAsJsonAsync($"/admin/api/leads/{id}/reveal", new { reason = "customer called about the coupon" });

        Assert.Equal(HttpStatusCode.OK, revealed.StatusCode);
        Assert.Equal(phone, (await revealed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("phone").GetString());
        var entry = Assert.Single(await AuditAsync(), e => e.Action == AuditActions.Reveal);
        Assert.Equal("test-compliance", entry.Actor);
        Assert.Equal("Compliance", entry.Role);
        Assert.Equal("lead:" + id, entry.Target);
        Assert.Equal("customer called about the coupon", entry.Reason);
    }

    [Fact]
    public async Task A_masked_export_is_for_staff_an_unmasked_one_for_compliance_with_a_reason_and_both_are_audited()
    {
        var (phone, _) = await JoinAsync(marketing: true);

        var masked = await Operator.GetAsync("/admin/api/leads/export?campaign=spring-coupon&headers=machine");
        Assert.Equal(HttpStatusCode.OK, masked.StatusCode);
        Assert.Equal("text/csv", masked.Content.Headers.ContentType!.MediaType);
        var maskedCsv = await masked.Content.ReadAsStringAsync();
        Assert.StartsWith("\uFEFFid,campaign,phone", maskedCsv); // for scripts
        Assert.Contains(PhoneNumber.Mask(phone), maskedCsv);
        Assert.DoesNotContain(phone, maskedCsv);

        Assert.Equal(HttpStatusCode.Forbidden, (await Operator.GetAsync("/admin/api/leads/export?unmasked=true&reason=quarterly%20audit")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Compliance.GetAsync("/admin/api/leads/export?unmasked=true")).StatusCode);

        var clear = await Compliance.GetStringAsync("/admin/api/leads/export?campaign=spring-coupon&unmasked=true&reason=regulator%20request%2042");
        Assert.Contains(phone, clear);

        var audit = await AuditAsync();
        var maskedEntry = Assert.Single(audit, e => e.Action == AuditActions.ExportMasked);
        Assert.Equal("test-operator", maskedEntry.Actor);
        Assert.Contains("campaign=spring-coupon", maskedEntry.Target);
        var clearEntry = Assert.Single(audit, e => e.Action == AuditActions.ExportUnmasked);
        Assert.Equal("regulator request 42", clearEntry.Reason);
        var rowsInClear = clear.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
        Assert.Contains(audit, e => e.Action == AuditActions.ExportFinished && e.Target == $"export:{clearEntry.Sequence}" && e.RecordCount == rowsInClear);
    }

    [Fact]
    public async Task The_marketing_audience_holds_only_consent_in_force_without_an_opt_out()
    {
        var (consenting, _) = await JoinAsync(marketing: true, slug: "lucky-draw");
        var (serviceOnly, _) = await JoinAsync(marketing: false, slug: "lucky-draw");
        var (optedOut, player) = await JoinAsync(marketing: true, slug: "lucky-draw");
        // What an opt-out leaves in the ledger: a withdrawal for every campaign.
        var subject = await App.QueryAsync(db => db.Set<Lead>().Where(l => l.OpenId == player.OpenId).Select(l => l.SubjectKey).FirstAsync());
        await Unsubscribe.OptOutSteps.WithdrawInLedgerAsync(App, subject, channel: "text");

        var csv = await Operator.GetStringAsync("/admin/api/leads/export?campaign=lucky-draw&audience=marketing");

        Assert.Contains(PhoneNumber.Mask(consenting), csv);
        Assert.DoesNotContain(PhoneNumber.Mask(serviceOnly), csv);
        Assert.DoesNotContain(PhoneNumber.Mask(optedOut), csv);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+86 store", "'+86 store")]
    [InlineData("南京西路店, 2F", "\"南京西路店, 2F\"")]
    [InlineData("plain", "plain")]
    [InlineData(" =1", "' =1")]
    [InlineData(" +1", "' +1")]
    [InlineData("\u3000-1", "'\u3000-1")]
    [InlineData("  @SUM(A1)", "'  @SUM(A1)")]
    [InlineData("＝1", "'＝1")]
    [InlineData("＋1", "'＋1")]
    [InlineData("－1", "'－1")]
    [InlineData("＠1", "'＠1")]
    [InlineData(" plain", " plain")]
    public void Csv_cells_are_quoted_and_never_evaluated_as_formulas(string value, string cell) =>
        Assert.Equal(cell, LeadCsvExport.Cell(value));
}
