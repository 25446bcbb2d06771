using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace WechatLeads.Server.Platform;

/// <summary>
/// Behind a load balancer every request comes from the balancer's address over plain HTTP. With the
/// balancer listed in <c>ReverseProxy:TrustedNetworks</c>, its X-Forwarded-For / -Proto are believed, so rate
/// limits see the follower's address and cookies are marked Secure. Nobody else's headers are believed: a
/// client could otherwise pick its own address and walk past the per-address limit.
/// </summary>
internal static class ReverseProxy
{
    public const string Section = "ReverseProxy:TrustedNetworks";

    public static WebApplicationBuilder AddReverseProxySupport(this WebApplicationBuilder builder)
    {
        var networks = (builder.Configuration.GetSection(Section).Get<string[]>() ?? []).Select(n => IpNetworks.Parse(Section, n)).ToList();
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var network in networks) o.KnownIPNetworks.Add(network);
        });
        return builder;
    }

    /// <summary>First in the pipeline, so everything after it sees the client's address and scheme.</summary>
    public static WebApplication UseReverseProxySupport(this WebApplication app)
    {
        // Not without a list: the middleware treats empty lists as "trust every peer".
        if (app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value.KnownIPNetworks.Count > 0) app.UseForwardedHeaders();
        return app;
    }
}
