using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace WechatLeads.Server.Platform.Web;

/// <summary>
/// Renders a page component on the server (static SSR: no circuit, no WebAssembly, plain HTML). Every page
/// takes its data as one <c>View</c> parameter: a record of what it shows, so the template holds no queries.
/// </summary>
internal static class PageResult
{
    public static IResult Render<TPage>(object view, int status = StatusCodes.Status200OK) where TPage : IComponent =>
        Render<TPage>(new Dictionary<string, object?> { ["View"] = view }, status);

    public static IResult Render<TPage>(IReadOnlyDictionary<string, object?> parameters, int status = StatusCodes.Status200OK)
        where TPage : IComponent =>
        new RazorComponentResult<TPage>(parameters) { StatusCode = status, ContentType = "text/html; charset=utf-8" };

    /// <summary>A friendly page for a problem: never a stack trace, always a way on.</summary>
    public static IResult Problem(int status, string title, string message, string? linkText = null, string? link = null) =>
        Render<ProblemPage>(new ProblemView(title, message, linkText, link), status);
}
