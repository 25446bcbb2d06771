using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Admin;

/// <summary>
/// Staff accounts kept in the database: a compliance officer makes, changes, disables and resets them; the person
/// sets their own password and second factor; every change is audited and ends the sessions made before it.
/// </summary>
public sealed partial class StaffAccountTests() : HostedTests(new Dictionary<string, string?>
{
    ["Admin:Users:0:Name"] = "wang.dpo",
    ["Admin:Users:0:PasswordHash"] = StaffPasswords.Hash("compliance-password-456"),
    ["Admin:Users:0:Role"] = "Compliance",
    ["RateLimits:SignInsPerIpPerMinute"] = "1000",
})
{
    private HttpClient Browser() => App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("id=\"totp-secret\">([A-Z2-7]+)<")]
    private static partial Regex Secret();

    private static async Task<string> TokenOfAsync(HttpResponseMessage page) => Token().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string path, string tokenFrom, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await TokenOfAsync(await browser.GetAsync(tokenFrom));
        return await browser.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string name, string password) =>
        PostFormAsync(browser, "/admin/login", "/admin/login", new() { ["name"] = name, ["password"] = password, ["returnUrl"] = "/admin" });

    /// <summary>A step page's own token: the step form is answered from the page the sign-in returned.</summary>
    private static async Task<HttpResponseMessage> StepAsync(HttpClient browser, HttpResponseMessage page, string step, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await TokenOfAsync(page);
        fields["step"] = step;
        return await browser.PostAsync("/admin/login/step", new FormUrlEncodedContent(fields));
    }

    private HttpClient Compliance()
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WechatLeadsFactory.ComplianceKey);
        return client;
    }

    private async Task<string> CreateAsync(string name, string role, string store = "", bool totpRequired = false)
    {
        var created = await Compliance().PostAsJsonAsync("/admin/api/staff-accounts", new { name, role, store, totpRequired });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(body.GetProperty("notice").EnumerateArray(), line => line.GetString()!.Contains("只显示这一次"));
        return body.GetProperty("temporaryPassword").GetString()!;
    }

    private Task<List<AuditEntry>> AuditAsync() => App.QueryAsync(db => db.Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());

    [Fact]
    public async Task A_new_operator_signs_in_with_the_temporary_password_and_must_choose_their_own()
    {
        var temporary = await CreateAsync("zhao.ops", "Operator");
        var browser = Browser();

        var step = await SignInAsync(browser, "zhao.ops", temporary);
        Assert.Equal(HttpStatusCode.OK, step.StatusCode);
        Assert.Contains("data-step=\"password\"", await step.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/admin")).StatusCode); // no session yet

        var mismatch = await StepAsync(browser, step, "password", new() { ["password"] = "a-new-password-789", ["repeat"] = "something-else-789" });
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Contains("两次输入的新密码不一致", await mismatch.Content.ReadAsStringAsync());
        var done = await StepAsync(browser, mismatch, "password", new() { ["password"] = "a-new-password-789", ["repeat"] = "a-new-password-789" });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("/admin", done.Headers.Location!.OriginalString);
        Assert.Contains("zhao.ops", await browser.GetStringAsync("/admin"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(Browser(), "zhao.ops", temporary)).StatusCode); // spent
        var audit = await AuditAsync();
        Assert.Contains(
            audit,
            e => e.Action == AuditActions.StaffAccountCreated && e.Target.StartsWith("staff:zhao.ops role=Operator") && e.Actor == "test-compliance");
        Assert.Contains(audit, e => e.Action == AuditActions.StaffPasswordChanged && e.Target == "staff:zhao.ops");
        Assert.DoesNotContain(audit, e => e.Target.Contains(temporary) || (e.Reason ?? "").Contains(temporary));
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_open_session_and_refuses_its_next_sign_in()
    {
        var browser = await SignedInAsync("qian.ops", "Operator");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin")).StatusCode);

        var disabled = await Compliance().PatchAsJsonAsync("/admin/api/staff-accounts/QIAN.OPS", new { disabled = true });
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/admin")).StatusCode); // back to the sign-in page
        var refused = await SignInAsync(Browser(), "qian.ops", "qian-own-password-1");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("此账号已停用", await refused.Content.ReadAsStringAsync());
        Assert.Contains(await AuditAsync(), e => e.Action == AuditActions.StaffAccountChanged && e.Target == "staff:qian.ops disabled");

        await Compliance().PatchAsJsonAsync("/admin/api/staff-accounts/qian.ops", new { disabled = false });
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(Browser(), "qian.ops", "qian-own-password-1")).StatusCode);
    }

    [Fact]
    public async Task A_required_second_factor_is_set_up_at_sign_in_then_asked_for_and_a_code_works_once()
    {
        var browser = await SignedInAsync("sun.ops", "Operator");
        await Compliance().PatchAsJsonAsync("/admin/api/staff-accounts/sun.ops", new { totpRequired = true });
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/admin")).StatusCode); // the requirement ended the session

        var enroll = await SignInAsync(browser, "sun.ops", "sun-own-password-1");
        var page = await enroll.Content.ReadAsStringAsync();
        Assert.Contains("data-step=\"enroll\"", page);
        Assert.Contains("src=\"data:image/png;base64,", page);
        var totp = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(Secret().Match(page).Groups[1].Value));
        var wrong = await StepAsync(browser, enroll, "enroll", new() { ["code"] = "000000" == totp.ComputeTotp() ? "111111" : "000000" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var used = totp.ComputeTotp();
        var enrolled = await StepAsync(browser, wrong, "enroll", new() { ["code"] = used });
        Assert.Equal(HttpStatusCode.Redirect, enrolled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin")).StatusCode);

        // The next sign-in asks for a code; the one just used is refused (replay), a fresh one from the next step works.
        var second = Browser();
        var ask = await SignInAsync(second, "sun.ops", "sun-own-password-1");
        Assert.Contains("data-step=\"totp\"", await ask.Content.ReadAsStringAsync());
        var replay = await StepAsync(second, ask, "totp", new() { ["code"] = used });
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        var next = totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30));
        Assert.Equal(HttpStatusCode.Redirect, (await StepAsync(second, replay, "totp", new() { ["code"] = next })).StatusCode);
        var audit = await AuditAsync();
        Assert.Contains(audit, e => e.Action == AuditActions.StaffTotpEnrolled && e.Target == "staff:sun.ops");
        Assert.Contains(audit, e => e.Action == AuditActions.SignInFailed && e.Reason == "wrong authenticator code");
    }

    [Fact]
    public async Task A_reset_password_works_once_and_ends_the_sessions_made_with_the_old_one()
    {
        var browser = await SignedInAsync("li.store", "Store", "SH001");
        var reset = await Compliance().PostAsync("/admin/api/staff-accounts/li.store/password-reset", null);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var temporary = (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("temporaryPassword").GetString()!;

        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/staff/redeem")).StatusCode); // the old session is over
        var store = Browser();
        var signIn = await PostFormAsync(store, "/staff/login", "/staff/login", new() { ["name"] = "li.store", ["password"] = temporary });
        Assert.Equal("/staff/redeem", signIn.Headers.Location!.OriginalString); // a counter account: no forced change
        Assert.Contains(await AuditAsync(), e => e.Action == AuditActions.StaffPasswordReset && e.Target == "staff:li.store");
    }

    [Fact]
    public async Task People_change_their_own_password_with_the_current_one_and_other_sessions_end()
    {
        var mine = await SignedInAsync("zhou.ops", "Operator");
        var elsewhere = Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(elsewhere, "zhou.ops", "zhou-own-password-1")).StatusCode);

        async Task<HttpResponseMessage> ChangeAsync(object body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/admin/api/account/password") { Content = JsonContent.Create(body) };
            request.Headers.Add("RequestVerificationToken", await TokenOfAsync(await mine.GetAsync("/admin/account")));
            return await mine.SendAsync(request);
        }
        Assert.Equal(HttpStatusCode.Forbidden,
            (await ChangeAsync(new { current = "not-my-password-1", password = "zhou-next-password-2", repeat = "zhou-next-password-2" })).StatusCode);
        var tooShort = await ChangeAsync(new { current = "zhou-own-password-1", password = "short", repeat = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains("密码至少 12 个字符", await tooShort.Content.ReadAsStringAsync());
        var changed = await ChangeAsync(new { current = "zhou-own-password-1", password = "zhou-next-password-2", repeat = "zhou-next-password-2" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await mine.GetAsync("/admin")).StatusCode); // this browser's session was renewed
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.GetAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(Browser(), "zhou.ops", "zhou-next-password-2")).StatusCode);
    }

    [Fact]
    public async Task Only_compliance_manages_accounts_and_configured_accounts_and_names_stay_as_configured()
    {
        var operatorKey = App.CreateClient();
        operatorKey.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WechatLeadsFactory.OperatorKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorKey.GetAsync("/admin/api/staff-accounts")).StatusCode);
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (await operatorKey.PostAsJsonAsync("/admin/api/staff-accounts", new { name = "x.y", role = "Compliance" })).StatusCode);

        var configured = await Compliance().PatchAsJsonAsync("/admin/api/staff-accounts/wang.dpo", new { disabled = true });
        Assert.Equal(HttpStatusCode.Conflict, configured.StatusCode);
        Assert.Contains("staff_account_in_configuration", await configured.Content.ReadAsStringAsync());
        var taken = await Compliance().PostAsJsonAsync("/admin/api/staff-accounts", new { name = "Wang.DPO", role = "Operator" });
        Assert.Contains("staff_account_name_taken", await taken.Content.ReadAsStringAsync());
        var bad = await Compliance().PostAsJsonAsync("/admin/api/staff-accounts", new { name = "a b", role = "Admin", store = "" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problems = await bad.Content.ReadAsStringAsync();
        Assert.Contains("账号名为", problems);
        Assert.Contains("角色必须是", problems);

        var list = await Compliance().GetFromJsonAsync<JsonElement>("/admin/api/staff-accounts");
        Assert.Contains(list.EnumerateArray(), a => a.GetProperty("name").GetString() == "wang.dpo" && a.GetProperty("source").GetString() == "configuration");
    }

    [Fact]
    public async Task A_compliance_officer_cannot_disable_or_demote_themselves()
    {
        var mine = await SignedInAsync("wu.dpo", "Compliance");
        var request = new HttpRequestMessage(HttpMethod.Patch, "/admin/api/staff-accounts/wu.dpo") { Content = JsonContent.Create(new { role = "Operator" }) };
        request.Headers.Add("RequestVerificationToken", await TokenOfAsync(await mine.GetAsync("/admin/staff")));
        var refused = await mine.SendAsync(request);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("own_staff_account", await refused.Content.ReadAsStringAsync());
        Assert.Contains("wu.dpo", await mine.GetStringAsync("/admin/staff"));
    }

    /// <summary>A console-made account whose owner has chosen "&lt;name-prefix&gt;-own-password-1": signed in (console, or staff page for Store).</summary>
    private async Task<HttpClient> SignedInAsync(string name, string role, string store = "")
    {
        var temporary = await CreateAsync(name, role, store);
        var browser = Browser();
        var own = name.Split('.')[0] + "-own-password-1";
        if (role == "Store")
        {
            // Store accounts keep the password they were given; set a known one for the test through the database.
            await App.QueryAsync(async db => await db.Set<StaffAccount>().Where(a => a.NormalizedName == name)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.PasswordHash, StaffPasswords.Hash(own))));
            var staff = await PostFormAsync(browser, "/staff/login", "/staff/login", new() { ["name"] = name, ["password"] = own });
            Assert.Equal(HttpStatusCode.Redirect, staff.StatusCode);
            return browser;
        }
        var step = await SignInAsync(browser, name, temporary);
        var done = await StepAsync(browser, step, "password", new() { ["password"] = own, ["repeat"] = own });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        return browser;
    }
}
