using WechatLeads.Server.MiniProgram;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Promotions;

/// <summary>What an instance may answer from memory about a session token, and when it must ask the database again.</summary>
public sealed class SessionTokenCacheTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_remembered_session_is_answered_until_its_freshness_runs_out()
    {
        var clock = new ManualTimeProvider(Start);
        var cache = new SessionTokenCache(clock);
        cache.Remember("hash-a", Session("o-a", Start.AddDays(7)));

        clock.Advance(SessionTokenCache.Freshness - TimeSpan.FromSeconds(1));
        Assert.Equal("o-a", cache.Find("hash-a")?.OpenId);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(cache.Find("hash-a")); // the database decides again
    }

    [Fact]
    public void An_expired_session_is_never_answered_from_memory()
    {
        var clock = new ManualTimeProvider(Start);
        var cache = new SessionTokenCache(clock);
        cache.Remember("hash-a", Session("o-a", Start.AddSeconds(5)));

        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Null(cache.Find("hash-a"));
    }

    [Fact]
    public void Forgetting_a_person_drops_every_token_of_theirs_and_no_one_elses()
    {
        var cache = new SessionTokenCache(new ManualTimeProvider(Start));
        cache.Remember("hash-a1", Session("o-a", Start.AddDays(7)));
        cache.Remember("hash-a2", Session("o-a", Start.AddDays(7)));
        cache.Remember("hash-b", Session("o-b", Start.AddDays(7)));

        cache.ForgetOpenId("o-a");

        Assert.Null(cache.Find("hash-a1"));
        Assert.Null(cache.Find("hash-a2"));
        Assert.Equal("o-b", cache.Find("hash-b")?.OpenId);
    }

    private static SessionTokenCache.VerifiedSession Session(string openId, DateTimeOffset expiresAt) =>
        new("s-" + openId, openId, "subject-" + openId, expiresAt.UtcDateTime);
}
