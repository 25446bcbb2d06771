using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Followers;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Promotions;

public sealed partial class H5FlowTests() : HostedTests(new Dictionary<string, string?> { ["RateLimits:ParticipationsPerIpPerMinute"] = "100000" })
{

    private HttpClient Browser(bool follow = true) =>
        App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = follow, HandleCookies = true });

    /// <summary>A browser that has been through the silent OAuth once and holds the session cookie.</summary>
    private async Task<HttpClient> SignedInAsync() => (await App.SignedInFollowerAsync()).Browser;

    [Fact]
    public async Task Landing_without_a_session_goes_through_silent_oauth_to_a_clean_url()
    {
        var browser = Browser(follow: false);
        var first = await browser.GetAsync("/h5/c/spring-coupon?src=article");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/h5/oauth/start", first.Headers.Location!.OriginalString);

        var start = await browser.GetAsync(first.Headers.Location);
        var authorize = start.Headers.Location!;
        Assert.Contains("/connect/oauth2/authorize", authorize.AbsoluteUri);
        Assert.Contains("scope=snsapi_base", authorize.AbsoluteUri);
        Assert.Contains("state=", authorize.AbsoluteUri);

        var callback = await SandboxAuthorizeAsync(browser, authorize);
        Assert.Contains("code=", callback.OriginalString);
        var landed = await browser.GetAsync(callback);
        Assert.Equal(HttpStatusCode.Redirect, landed.StatusCode);
        Assert.Equal("/h5/c/spring-coupon?src=article", landed.Headers.Location!.OriginalString);

        var page = await browser.GetAsync(landed.Headers.Location);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("name=\"consentService\"", html);
        Assert.Contains("name=\"consentMarketing\"", html);
        Assert.DoesNotContain("checked", html); // nothing pre-ticked
        Assert.Contains("/privacy/2026-11", html);
    }

    [Fact]
    public async Task A_reused_oauth_code_leads_to_a_fresh_authorisation_not_an_error()
    {
        var browser = Browser(follow: false);
        var start = await browser.GetAsync("/h5/oauth/start?returnUrl=%2Fh5%2Fc%2Fspring-coupon");
        var callback = await SandboxAuthorizeAsync(browser, start.Headers.Location!);
        var used = await browser.GetAsync(callback);
        Assert.Equal("/h5/c/spring-coupon", used.Headers.Location!.OriginalString);

        // The back button: the same callback URL again. The state cookie is gone and the code is used.
        var again = await browser.GetAsync(callback);
        Assert.True(again.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.BadRequest);
        if (again.StatusCode == HttpStatusCode.BadRequest)
            Assert.Contains("/h5/oauth/start", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_used_code_with_a_valid_state_goes_back_into_authorisation()
    {
        var browser = Browser(follow: false);
        var start = await browser.GetAsync("/h5/oauth/start?returnUrl=%2Fh5%2Fme");
        var callback = (await SandboxAuthorizeAsync(browser, start.Headers.Location!)).OriginalString;
        var code = Regex.Match(callback, "code=([^&]+)").Groups[1].Value;
        App.Sandbox.RedeemCode("oauth", Uri.UnescapeDataString(code)); // someone (a refresh) used it first

        var response = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/h5/oauth/start", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_state_from_another_browser_is_refused()
    {
        var victim = Browser(follow: false);
        var start = await victim.GetAsync("/h5/oauth/start?returnUrl=%2Fh5%2Fme");
        var callback = await SandboxAuthorizeAsync(victim, start.Headers.Location!);
        var attacker = Browser(follow: false);
        var response = await attacker.GetAsync(callback);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Ticking_service_consent_and_entering_a_phone_gets_a_coupon_and_marketing_stays_optional()
    {
        var browser = await SignedInAsync();
        var page = await (await browser.GetAsync("/h5/c/spring-coupon?src=ad")).Content.ReadAsStringAsync();
        var form = HiddenFields(page);
        form["phone"] = "138 0013 8000";
        form["consentService"] = "yes";
        form = await WithSmsCodeAsync(browser, "spring-coupon", form);

        var result = await browser.PostAsync("/h5/c/spring-coupon", new FormUrlEncodedContent(form));
        var html = await result.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Contains("领取成功", html);
        Assert.Matches("LATTE5-[0-9A-Z]{10}", html);
        var lead = await App.QueryAsync(db => db.Set<Lead>().AsNoTracking().SingleAsync());
        Assert.Equal("h5", lead.Channel);
        Assert.Equal("ad", lead.Source);
        Assert.False(lead.MarketingConsent);
        Assert.Equal(1, await App.QueryAsync(db => db.Set<ConsentEvent>().CountAsync(e => e.Purpose == "service")));
        Assert.Equal(0, await App.QueryAsync(db => db.Set<ConsentEvent>().CountAsync(e => e.Purpose == "marketing")));

        // The same form submitted again (double tap): the same coupon, not a second one.
        var again = await (await browser.PostAsync("/h5/c/spring-coupon", new FormUrlEncodedContent(form))).Content.ReadAsStringAsync();
        Assert.Equal(CodeIn(html), CodeIn(again));
    }

    [Fact]
    public async Task Submitting_without_the_service_consent_shows_the_form_again_with_a_clear_message()
    {
        var browser = await SignedInAsync();
        var page = await (await browser.GetAsync("/h5/c/spring-coupon")).Content.ReadAsStringAsync();
        var form = HiddenFields(page);
        form["phone"] = "13800138000";
        form["consentMarketing"] = "yes";

        var response = await browser.PostAsync("/h5/c/spring-coupon", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("请先阅读并同意", html);
        Assert.Contains("13800138000", html); // what was typed is kept
        Assert.Equal(0, await App.CountAsync<Person>());
    }

    [Fact]
    public async Task A_forged_form_without_the_antiforgery_token_is_refused_with_a_friendly_page()
    {
        var browser = await SignedInAsync();
        var page = await browser.GetAsync("/h5/c/spring-coupon");
        Assert.Equal("/h5/c/spring-coupon", page.RequestMessage!.RequestUri!.AbsolutePath); // signed in: the page, not OAuth
        var response = await browser.PostAsync("/h5/c/spring-coupon", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["phone"] = "13800138000",
            ["consentService"] = "yes",
            ["policyVersion"] = "2026-11",
            ["formToken"] = "abc",
        }));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest,
            $"{(int)response.StatusCode} at {response.RequestMessage!.RequestUri!.AbsolutePath}: {WechatLeadsFactory.Snippet(html)}");
        Assert.Contains("页面已过期", html);
    }

    [Fact]
    public async Task My_data_shows_masked_phone_and_withdraws_marketing_with_one_tap()
    {
        var browser = await SignedInAsync();
        var page = await (await browser.GetAsync("/h5/c/lucky-draw")).Content.ReadAsStringAsync();
        var form = HiddenFields(page);
        form["phone"] = "13800138000";
        form["consentService"] = "yes";
        form["consentMarketing"] = "yes";
        form = await WithSmsCodeAsync(browser, "lucky-draw", form);
        (await browser.PostAsync("/h5/c/lucky-draw", new FormUrlEncodedContent(form))).EnsureSuccessStatusCode();

        var me = await (await browser.GetAsync("/h5/me")).Content.ReadAsStringAsync();
        Assert.Contains("138****8000", me);
        Assert.DoesNotContain("13800138000", me);
        Assert.Contains("一键退订", me);

        var done = await browser.PostAsync("/h5/me/optout", new FormUrlEncodedContent(HiddenFields(me)));
        Assert.Contains("退订成功", await done.Content.ReadAsStringAsync());
        var after = await (await browser.GetAsync("/h5/me")).Content.ReadAsStringAsync();
        Assert.Contains("您已退订营销信息", after);
        Assert.True(await App.QueryAsync(db => db.Set<Follower>().AnyAsync(f => f.MarketingOptOut && f.OptOutChannel == "h5")));
        await Eventually.TrueAsync(() => App.QueryAsync(db => db.Set<ConsentEvent>()
            .AnyAsync(e => e.Purpose == "marketing" && e.Action == "withdrawn" && e.Scope == "lucky-draw")), "per-campaign withdrawal by the job");
    }

    [Fact]
    public async Task After_an_opt_out_my_data_offers_an_explicit_way_back_to_marketing()
    {
        var browser = await SignedInAsync();
        var form = HiddenFields(await (await browser.GetAsync("/h5/c/lucky-draw")).Content.ReadAsStringAsync());
        form["phone"] = "13800138001";
        form["consentService"] = "yes";
        form["consentMarketing"] = "yes";
        form = await WithSmsCodeAsync(browser, "lucky-draw", form);
        (await browser.PostAsync("/h5/c/lucky-draw", new FormUrlEncodedContent(form))).EnsureSuccessStatusCode();
        var me = await (await browser.GetAsync("/h5/me")).Content.ReadAsStringAsync();
        (await browser.PostAsync("/h5/me/optout", new FormUrlEncodedContent(HiddenFields(me)))).EnsureSuccessStatusCode();

        var optedOut = await (await browser.GetAsync("/h5/me")).Content.ReadAsStringAsync();
        Assert.Contains("重新接收营销信息", optedOut);
        Assert.Matches("name=\"agree\" value=\"yes\" required>", optedOut); // a box to tick, never ticked for them
        var fields = HiddenFields(optedOut);
        Assert.Equal("2026-11", fields["policyVersion"]);

        var unticked = await browser.PostAsync("/h5/me/marketing", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unticked.StatusCode);

        var ticked = await browser.PostAsync("/h5/me/marketing", new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["agree"] = "yes" }));
        Assert.Contains("已重新接收营销信息", await ticked.Content.ReadAsStringAsync());
        Assert.Contains("您已同意接收营销信息", await (await browser.GetAsync("/h5/me")).Content.ReadAsStringAsync());
        var grant = await App.QueryAsync(db => db.Set<ConsentEvent>().AsNoTracking()
            .Where(e => e.Purpose == "marketing" && e.Action == "granted").OrderByDescending(e => e.Id).FirstAsync());
        Assert.Equal(("lucky-draw", "2026-11", "api/me"), (grant.Scope, grant.PolicyVersion, grant.Source));
        Assert.False(await App.QueryAsync(db => db.Set<Follower>().AnyAsync(f => f.OpenId == grant.OpenId && f.MarketingOptOut)));
    }

    [Fact]
    public async Task A_wrong_phone_correction_code_can_be_typed_again_without_a_new_sms()
    {
        var browser = await SignedInAsync();
        var form = HiddenFields(await (await browser.GetAsync("/h5/c/spring-coupon")).Content.ReadAsStringAsync());
        form["phone"] = "13800138002";
        form["consentService"] = "yes";
        form = await WithSmsCodeAsync(browser, "spring-coupon", form);
        (await browser.PostAsync("/h5/c/spring-coupon", new FormUrlEncodedContent(form))).EnsureSuccessStatusCode();
        var phonePage = await (await browser.GetAsync("/h5/me/phone")).Content.ReadAsStringAsync();
        var codePage = await (await browser.PostAsync("/h5/me/phone",
            new FormUrlEncodedContent(new Dictionary<string, string>(HiddenFields(phonePage)) { ["phone"] = "13900139003" }))).Content.ReadAsStringAsync();
        var code = App.LatestSmsCode("13900139003");
        var smsBefore = App.Sandbox.SmsMessages.Count;

        var wrong = await browser.PostAsync("/h5/me/phone/verify", new FormUrlEncodedContent(
            new Dictionary<string, string>(HiddenFields(codePage)) { ["code"] = code == "000000" ? "111111" : "000000" }));
        var wrongPage = await wrong.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Contains("id=\"code-error\"", wrongPage);
        Assert.Contains("id=\"verify\"", wrongPage); // the same form, to type the code again
        var right = await browser.PostAsync("/h5/me/phone/verify", new FormUrlEncodedContent(
            new Dictionary<string, string>(HiddenFields(wrongPage)) { ["code"] = code }));
        Assert.Contains("手机号已更正", await right.Content.ReadAsStringAsync());
        Assert.Equal(smsBefore, App.Sandbox.SmsMessages.Count); // no second SMS was needed
    }

    /// <summary>The sandbox's authorize page navigates on with a meta refresh, as WeChat's page does.</summary>
    private static async Task<Uri> SandboxAuthorizeAsync(HttpClient browser, Uri authorize)
    {
        var html = await (await browser.GetAsync(authorize)).Content.ReadAsStringAsync();
        return new Uri(WebUtility.HtmlDecode(Regex.Match(html, "id=\"continue\" href=\"([^\"]+)\"").Groups[1].Value));
    }

    [Fact]
    public async Task A_typed_number_needs_its_sms_code_and_a_wrong_code_keeps_everything_as_it_was_left()
    {
        var browser = await SignedInAsync();
        var form = HiddenFields(await (await browser.GetAsync("/h5/c/lucky-draw")).Content.ReadAsStringAsync());
        form["phone"] = "13800138000";
        form["consentService"] = "yes"; // marketing left unticked

        var noCode = await browser.PostAsync("/h5/c/lucky-draw", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noCode.StatusCode);
        Assert.Contains("请先获取短信验证码", await noCode.Content.ReadAsStringAsync());

        var sent = await browser.PostAsync("/h5/c/lucky-draw", new FormUrlEncodedContent(new Dictionary<string, string>(form) { ["action"] = "send-code" }));
        var sentPage = await sent.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Contains("验证码已发送至 138****8000", sentPage);
        Assert.Contains("未收到？重新发送", sentPage);
        AssertKept(sentPage, service: true, marketing: false);

        var wrong = HiddenFields(sentPage);
        wrong["phone"] = "13800138000";
        wrong["consentService"] = "yes";
        wrong["smsCode"] = App.LatestSmsCode("13800138000") == "000000" ? "111111" : "000000";
        var refused = await browser.PostAsync("/h5/c/lucky-draw", new FormUrlEncodedContent(wrong));
        var refusedPage = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("验证码不正确", refusedPage);
        AssertKept(refusedPage, service: true, marketing: false);
        Assert.Contains($"value=\"{wrong["smsCode"]}\"", refusedPage);
        Assert.Equal(0, await App.CountAsync<Lead>());

        var right = HiddenFields(refusedPage);
        right["phone"] = "13800138000";
        right["consentService"] = "yes";
        right["smsCode"] = App.LatestSmsCode("13800138000");
        var joined = await browser.PostAsync("/h5/c/lucky-draw", new FormUrlEncodedContent(right));
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        var lead = await App.QueryAsync(db => db.Set<Lead>().AsNoTracking().SingleAsync());
        Assert.Equal("sms", lead.PhoneProof);
        Assert.True(await App.QueryAsync(db => db.Set<Person>().AnyAsync(p => p.Id == lead.PersonId && p.Proven)));
    }

    private static void AssertKept(string html, bool service, bool marketing)
    {
        Assert.Contains("value=\"13800138000\"", html);
        Assert.Equal(service, Regex.IsMatch(html, "id=\"consentService\" checked"));
        Assert.Equal(marketing, Regex.IsMatch(html, "id=\"consentMarketing\" checked"));
    }

    /// <summary>Presses 获取验证码, then fills in the code from the sandbox inbox, as the person would from their phone.</summary>
    private async Task<Dictionary<string, string>> WithSmsCodeAsync(HttpClient browser, string slug, Dictionary<string, string> form)
    {
        var page = await (await browser.PostAsync(
            $"/h5/c/{slug}",
            new FormUrlEncodedContent(new Dictionary<string, string>(form) { ["action"] = "send-code" })))
            .Content.ReadAsStringAsync();
        var next = HiddenFields(page);
        foreach (var field in new[] { "phone", "consentService", "consentMarketing" })
            if (form.TryGetValue(field, out var value)) next[field] = value;
        next["smsCode"] = App.LatestSmsCode(form["phone"]);
        return next;
    }

    private static string? CodeIn(string html) => Regex.Match(html, "LATTE5-[0-9A-Z]{10}").Value;

    private static Dictionary<string, string> HiddenFields(string html) =>
        HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"\\s*/?>")] // a component writes void elements as <input … />
    private static partial Regex HiddenInput();
}
