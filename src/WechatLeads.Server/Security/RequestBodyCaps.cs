using System.Buffers;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Security;

/// <summary>The most bytes an endpoint's body may have; see <see cref="RequestBodyCaps"/>.</summary>
internal sealed record BodyCap(int Bytes, bool Html);

/// <summary>
/// Caps for the bodies of anonymous (or cheaply authenticated) endpoints: a login or a participation is a
/// few hundred bytes, yet Kestrel's default lets anyone send 30 MB for the JSON reader to buffer and parse.
/// A declared length over the cap is refused before a byte is read; a body without one (chunked) is read
/// at most one byte past the cap. Either way the answer is 413 with a stable code (a page for H5 forms),
/// never the framework's bare 400/500, and no more than the cap is ever held for a request.
/// </summary>
internal static class RequestBodyCaps
{

    public static TBuilder LimitBody<TBuilder>(this TBuilder endpoint, int bytes, bool html = false) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new BodyCap(bytes, html));

    /// <summary>After routing (it reads the endpoint's cap) and after the rate limiter (a refused request reads nothing).</summary>
    public static IApplicationBuilder UseRequestBodyCaps(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<BodyCap>() is not { } cap
            || !HttpMethods.IsPost(http.Request.Method)
            && !HttpMethods.IsPut(http.Request.Method)
            && !HttpMethods.IsPatch(http.Request.Method))
        {
            await next(http);
            return;
        }
        if (http.Request.ContentLength > cap.Bytes || await BufferAsync(http, cap.Bytes) is not { } body)
        {
            await TooLarge(cap).ExecuteAsync(http);
            return;
        }
        http.Request.Body = body;
        http.Request.ContentLength = body.Length;
        await next(http);
    });

    /// <summary>The body in memory, or null when it is longer than <paramref name="cap"/> (reading stops there).</summary>
    private static async Task<MemoryStream?> BufferAsync(HttpContext http, int cap)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(cap + 1);
        try
        {
            var read = 0;
            while (read <= cap)
            {
                var n = await http.Request.Body.ReadAsync(buffer.AsMemory(read, cap + 1 - read), http.RequestAborted);
                if (n == 0) break;
                read += n;
            }
            return read > cap ? null : new MemoryStream(buffer[..read], writable: false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static IResult TooLarge(BodyCap cap) => cap.Html
        ? Platform.Web.PageResult.Problem(413, "提交内容过大", "请返回活动页面重新提交。")
        : new ApiProblem(413, ProblemCodes.BodyTooLarge, Ui.T("The request body is larger than this endpoint accepts ({0} bytes).", cap.Bytes)).ToResult();
}
