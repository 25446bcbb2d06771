using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.MiniProgram;
using WechatLeads.Server.Participation;
using WechatLeads.Server.Platform.Identity;
using WechatLeads.Server.Security;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Security;

/// <summary>
/// Write access to the database alone — without <c>Security:EncryptionKey</c> — must not make a session: not a
/// data-protection key planted in the key table (it would sign cookies), not a mini-program session row
/// written by hand or pointed at someone else.
/// </summary>
public sealed class ForgedSessionTests() : HostedTests(shareHost: true)
{
    private sealed class MemoryRing : IXmlRepository
    {
        private readonly List<XElement> _elements = [];
        public IReadOnlyCollection<XElement> GetAllElements() => [.. _elements];
        public void StoreElement(XElement element, string friendlyName) => _elements.Add(element);
    }

    private HttpClient Browser() => App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    [Fact]
    public async Task A_planted_unsealed_key_is_refused_and_a_cookie_made_with_it_is_no_session()
    {
        // The instance's own key exists and is sealed: it must still count.
        var keys = App.Services.GetRequiredService<IKeyManager>();
        App.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("warm-up").Protect("x"u8.ToArray());
        var own = Assert.Single(keys.GetAllKeys());

        // The attacker: the same application name, a key of their own, stored in plain XML as any default ring does.
        var ring = new MemoryRing();
        var services = new ServiceCollection().AddLogging();
        services.AddDataProtection().SetApplicationName("WechatLeads").AddKeyManagementOptions(o => o.XmlRepository = ring);
        await using var attacker = services.BuildServiceProvider();
        var victim = WechatPush.NewOpenId();
        var participant = new Participant(victim, App.Services.GetRequiredService<SubjectHasher>().HashOpenId(victim), "h5", null);
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(participant.ToClaims(), "H5")), "H5");
        var cookie = new TicketDataFormat(attacker.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector("Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", "H5", "v2")).Protect(ticket);
        var planted = Assert.Single(ring.GetAllElements());
        Assert.Contains("<masterKey", planted.ToString()); // unsealed, as the attack used it
        await App.QueryAsync(db =>
        {
            db.DataProtectionKeys.Add(new DataProtectionKey
            {
                FriendlyName = "key-" + (string)planted.Attribute("id")!,
                Xml = planted.ToString(SaveOptions.DisableFormatting)
            });
            return db.SaveChangesAsync();
        });

        var request = new HttpRequestMessage(HttpMethod.Get, "/h5/me");
        request.Headers.Add("Cookie", "wl_h5=" + cookie);
        var response = await Browser().SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode); // sent to sign in, not shown the victim's page
        Assert.StartsWith("/h5/oauth/start", response.Headers.Location!.OriginalString);

        var ids = keys.GetAllKeys().Select(k => k.KeyId).ToList();
        Assert.Equal([own.KeyId], ids); // the planted key is not in the ring at all, so nothing is ever protected with it
    }

    [Fact]
    public async Task A_session_row_written_by_hand_is_no_session()
    {
        var victim = await MiniProgramClient.LoginAsync(App);
        Assert.Equal(HttpStatusCode.Created, (await victim.JoinAsync("spring-coupon", "13912340001")).StatusCode);

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        foreach (var mac in new[] { "", new string('0', 64) })
        {
            await App.QueryAsync(db =>
            {
                db.Add(new MiniProgramSession
                {
                    Id = "planted" + mac.Length,
                    TokenHash = MiniProgramSessions.HashToken(token + mac.Length),
                    OpenId = victim.OpenId,
                    SessionKeyCipher = "k1:AAAA",
                    CreatedAt = DateTime.UtcNow,
                    ExpiresAt = DateTime.UtcNow.AddDays(1),
                    Mac = mac,
                });
                return db.SaveChangesAsync();
            });
            var forged = App.CreateClient();
            forged.DefaultRequestHeaders.Authorization = new("Bearer", token + mac.Length);
            Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/me")).StatusCode);
        }
    }

    [Fact]
    public async Task A_real_session_pointed_at_another_person_is_no_session()
    {
        var victim = await MiniProgramClient.LoginAsync(App);
        Assert.Equal(HttpStatusCode.Created, (await victim.JoinAsync("spring-coupon", "13912340002")).StatusCode);
        var attacker = await MiniProgramClient.LoginAsync(App);
        Assert.Equal(HttpStatusCode.OK, (await attacker.Http.GetAsync("/api/me")).StatusCode);

        await App.QueryAsync(db => db.Set<MiniProgramSession>().Where(s => s.OpenId == attacker.OpenId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.OpenId, victim.OpenId)));
        App.Services.GetRequiredService<SessionTokenCache>().ForgetOpenId(attacker.OpenId); // as on another instance, or 30 s later
        Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.Http.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await victim.Http.GetAsync("/api/me")).StatusCode); // the victim's own row still verifies
    }
}
