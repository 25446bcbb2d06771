using Microsoft.AspNetCore.Diagnostics;

namespace WechatLeads.Server.Platform.Web;

/// <summary>
/// One way errors leave the server. JSON callers get ProblemDetails with a stable <c>code</c> (every answer,
/// including the framework's own 404s and validation problems); people in a browser get a styled Chinese page.
/// Returned <see cref="ApiProblem"/>s, thrown <see cref="ApiProblemException"/>s, unreadable requests and
/// unexpected exceptions all go through here.
/// </summary>
internal static class ProblemPipeline
{
    public static WebApplicationBuilder AddProblemPipeline(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (!problem.Extensions.ContainsKey("code"))
                problem.Extensions["code"] = problem is HttpValidationProblemDetails
                    ? ProblemCodes.ValidationFailed
                    : ProblemCodes.ForStatus(problem.Status ?? context.HttpContext.Response.StatusCode);
            // Read by people (the console shows title, detail and every field's problems): in the console's language.
            // Codes and field names stay as they are — they are the contract scripts branch on.
            if (problem.Title is { } title) problem.Title = Ui.T(title);
            if (problem.Detail is { } detail) problem.Detail = Ui.T(detail);
            if (problem is HttpValidationProblemDetails validation)
                foreach (var field in validation.Errors.Keys.ToList())
                    validation.Errors[field] = [.. validation.Errors[field].Select(message => Ui.T(message))];
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        // Unreadable JSON, a missing body…: thrown in every environment (not only Development) so that the handler
        // can say what was wrong instead of a bare "400 Bad Request".
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return builder;
    }

    public static WebApplication UseProblemPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(context => WriteStatusAsync(context.HttpContext));
        return app;
    }

    /// <summary>An error status with no body yet (an unknown route, a refused sign-in, a rate limit): a page or ProblemDetails.</summary>
    private static Task WriteStatusAsync(HttpContext http)
    {
        var status = http.Response.StatusCode;
        if (PageRequests.WantPage(http))
        {
            var (title, message) = PageRequests.Explain(status);
            return PageResult.Problem(status, title, message).ExecuteAsync(http);
        }
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status },
        }).AsTask();
    }
}
