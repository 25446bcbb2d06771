using Microsoft.AspNetCore.Antiforgery;
using WechatLeads.Server.H5;

namespace WechatLeads.Server.Platform.Web;

/// <summary>The antiforgery field a page's form posts back (the H5 forms are validated explicitly, to answer with a page).</summary>
public sealed record FormToken(string Field, string Value)
{
    internal static FormToken For(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return new(tokens.FormFieldName, tokens.RequestToken ?? "");
    }
}
