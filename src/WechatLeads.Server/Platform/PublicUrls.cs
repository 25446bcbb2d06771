using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace WechatLeads.Server.Platform;

/// <summary>
/// Absolute links to this deployment for messages and menus that leave the server. Uses
/// <c>Wechat:PublicBaseUrl</c>; in the sandbox, where there is none, the address Kestrel bound.
/// </summary>
internal sealed class PublicUrls(IOptions<WechatOptions> options, IServer server)
{
    public string Base
    {
        get
        {
            var configured = options.Value.PublicBaseUrl;
            if (!string.IsNullOrWhiteSpace(configured)) return configured.TrimEnd('/');
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost";
            var uri = new Uri(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
            var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "127.0.0.1" : uri.Host;
            return uri.IsDefaultPort ? $"{uri.Scheme}://{host}" : $"{uri.Scheme}://{host}:{uri.Port}";
        }
    }

    public string Absolute(string pathOrUrl) =>
        pathOrUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || pathOrUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? pathOrUrl
            : Base + "/" + pathOrUrl.TrimStart('/');

    /// <summary>Replaces <c>{base}</c> in operator-written text (menu URLs, reply templates).</summary>
    public string Expand(string text) => text.Replace("{base}", Base, StringComparison.Ordinal);
}
