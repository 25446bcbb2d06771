using Microsoft.AspNetCore.CookiePolicy;

namespace WechatLeads.Server.Platform;

/// <summary>
/// Headers every response gets, set as the response starts so that pages, APIs, error pages and the Hangfire
/// dashboard all get them without each remembering: <c>nosniff</c> everywhere; a Content-Security-Policy on
/// every HTML page that does not set its own (the console, the staff page — which may load WeChat's JS-SDK — and the sandbox simulator do); HSTS when the
/// request
/// came over HTTPS (directly, or from a trusted balancer that says so); <c>Cache-Control: no-store</c> on the
/// paths that carry personal data unless the endpoint chose otherwise. Cookies are Secure whenever the public
/// URL is HTTPS, whatever the balancer-to-instance hop is.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>The H5, privacy, sign-in and problem pages: no script at all, styles only from this server's style sheets, forms to this server only.</summary>
    public const string PagePolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>Hangfire's dashboard: its scripts and styles come from this server, but it sets styles inline.</summary>
    private const string JobsDashboardPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri " +
        "'none'; form-action 'self'";

    /// <summary>The API reference (/scalar, never in Production) runs an inline start-up script.</summary>
    private const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src " +
        "'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>One year; no includeSubDomains, since other hosts of the domain are not ours to commit to HTTPS.</summary>
    private const string Hsts = "max-age=31536000";

    // Every route under these answers about people: their data, leads, followers, requests, results, the audit log.
    private static readonly string[] PersonalDataPaths = ["/h5", "/api", "/admin", "/staff"];

    public static WebApplicationBuilder AddSecurityHeaders(this WebApplicationBuilder builder)
    {
        var publicUrl = builder.Configuration[WechatOptions.Section + ":PublicBaseUrl"];
        var https = Uri.TryCreate(publicUrl, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps;
        // Applies to every cookie the app sets (H5 session, antiforgery, OAuth state, console, sandbox): behind a
        // balancer that terminates TLS the instance sees plain HTTP, but the browser only ever talks HTTPS.
        builder.Services.Configure<CookiePolicyOptions>(o => o.Secure = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);
        return builder;
    }

    /// <summary>After the forwarded headers (so HTTPS is known), before anything that writes a response or a cookie.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((http, next) =>
        {
            // The path as it came in: by the time the response starts, a branch (Hangfire's dashboard) may have moved it into PathBase.
            var path = http.Request.PathBase.Add(http.Request.Path);
            http.Response.OnStarting(() => { Apply(http, path); return Task.CompletedTask; });
            return next(http);
        });
        app.UseCookiePolicy();
        return app;
    }

    private static void Apply(HttpContext http, PathString path)
    {
        var (request, headers) = (http.Request, http.Response.Headers);
        headers.XContentTypeOptions = "nosniff";
        if (request.IsHttps) headers.StrictTransportSecurity = Hsts;
        if (http.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true && !headers.ContainsKey("Content-Security-Policy"))
        {
            headers.ContentSecurityPolicy = path.StartsWithSegments("/admin/jobs") ? JobsDashboardPolicy
                : path.StartsWithSegments("/scalar") ? ApiReferencePolicy
                : PagePolicy;
            if (!headers.ContainsKey("X-Frame-Options")) headers.XFrameOptions = "DENY";
        }
        if (!headers.ContainsKey("Cache-Control") && PersonalDataPaths.Any(p => path.StartsWithSegments(p))) headers.CacheControl = "no-store";
    }
}
