namespace WechatLeads.Server.Tests.Infrastructure;

/// <summary>
/// Waits for background work (Hangfire jobs) to reach a state. A bounded wait, not a timing assertion:
/// the condition is what is tested; the deadline only stops a broken build from hanging.
/// </summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        T last;
        do
        {
            last = await probe();
            if (done(last)) return last;
            await Task.Delay(50);
        } while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Gave up waiting for: {what} (last value: {last})");
    }

    public static Task TrueAsync(Func<Task<bool>> probe, string what, int seconds = 60) =>
        ReturnsAsync(probe, x => x, what, seconds);

    /// <summary>Gives background work a moment to (wrongly) do more, for asserting that something stays as it is.</summary>
    public static Task SettleAsync(int milliseconds = 1500) => Task.Delay(milliseconds);
}
