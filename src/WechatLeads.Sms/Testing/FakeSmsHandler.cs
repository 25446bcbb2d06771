using System.Net;
using System.Net.Http;
using System.Text;
using Flurl.Http;

namespace WechatLeads.Sms.Testing;

/// <summary>
/// Base of the in-process fake providers: an <see cref="HttpMessageHandler"/> that sees each request as the
/// provider would (host from the URL, raw header values, body bytes), so other projects' tests can run the
/// real client against a fake that refuses wrong signatures. Plug in with <see cref="CreateFlurlClient"/>.
/// </summary>
public abstract class FakeSmsHandler : HttpMessageHandler
{
    private readonly List<IncomingSignedRequest> _received = [];
    private readonly Lock _gate = new();

    /// <summary>Every request received, including refused ones, in order.</summary>
    public IReadOnlyList<IncomingSignedRequest> Received { get { lock (_gate) return [.. _received]; } }

    /// <summary>A Flurl client whose requests go to this fake (whatever the base URL's host).</summary>
    public IFlurlClient CreateFlurlClient() => new FlurlClient(new HttpClient(this, disposeHandler: false));

    protected sealed override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in request.Headers.NonValidated) headers[h.Key] = string.Join(", ", h.Value);
        if (request.Content is not null)
            foreach (var h in request.Content.Headers.NonValidated) headers[h.Key] = string.Join(", ", h.Value);
        var uri = request.RequestUri!;
        var incoming = new IncomingSignedRequest(request.Method.Method, uri.Authority, uri.AbsolutePath, uri.Query.TrimStart('?'), headers, body);
        lock (_gate) _received.Add(incoming);
        var (status, json) = Answer(incoming);
        return new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    }

    /// <summary>The provider's answer to one request.</summary>
    protected abstract (HttpStatusCode Status, string Json) Answer(IncomingSignedRequest request);
}
