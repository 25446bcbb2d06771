using Flurl.Http;

namespace WechatLeads.Sms.Tests;

internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

internal static class Calls
{
    /// <summary>A call HttpTest recorded, as a provider would receive it (host from the URL, raw header values, body bytes).</summary>
    public static IncomingSignedRequest ToIncoming(this FlurlCall call)
    {
        var message = call.HttpRequestMessage;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in message.Headers.NonValidated) headers[h.Key] = string.Join(", ", h.Value);
        if (message.Content is not null)
            foreach (var h in message.Content.Headers.NonValidated) headers[h.Key] = string.Join(", ", h.Value);
        var uri = message.RequestUri!;
        return new IncomingSignedRequest(message.Method.Method, uri.Authority, uri.AbsolutePath, uri.Query.TrimStart('?'), headers,
            System.Text.Encoding.UTF8.GetBytes(call.RequestBody ?? ""));
    }

    public static string Header(this FlurlCall call, string name) => call.ToIncoming().Headers[name];
}
