using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Server.Platform.Web;

/// <summary>
/// Turns exceptions into answers: a thrown <see cref="ApiProblem"/> as itself, an unreadable request as a precise
/// 400 (which JSON field, never the body's content), anything else as a logged 500 that reveals nothing.
/// </summary>
internal sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested) return true; // nobody is listening
        var problem = exception switch
        {
            ApiProblemException refused => refused.Problem,
            BadHttpRequestException { InnerException: JsonException json } bad =>
                new ApiProblem(bad.StatusCode, ProblemCodes.InvalidJson, Ui.T("The request body is not valid JSON for this endpoint."), Describe(json)),
            BadHttpRequestException bad => new ApiProblem(bad.StatusCode, ProblemCodes.ForStatus(bad.StatusCode), bad.Message),
            AntiforgeryValidationException => new ApiProblem(400, ProblemCodes.AntiforgeryInvalid, "Antiforgery token missing or invalid."),
            WechatApiException wechat => FromWechat(wechat),
            _ => null,
        };
        if (problem is null)
        {
            // Type and stack only through the logger's exception field; messages of our own exceptions carry no personal data.
            logger.LogError(exception, "Unhandled exception answering {Method} {Path}", http.Request.Method, http.Request.Path);
            problem = new ApiProblem(500, ProblemCodes.InternalError, Ui.T("An unexpected error occurred."));
        }
        else if (problem.Status >= 500)
        {
            logger.LogWarning("Answered {Method} {Path} with {Status} {Code}", http.Request.Method, http.Request.Path, problem.Status, problem.Code);
        }

        if (http.Response.HasStarted) return true;
        http.Response.Clear();
        if (PageRequests.WantPage(http))
        {
            var (title, message) = PageRequests.Explain(problem.Status);
            await PageResult.Problem(problem.Status, title, message).ExecuteAsync(http);
        }
        else
        {
            await problem.ToResult().ExecuteAsync(http);
        }
        return true;
    }

    /// <summary>
    /// A WeChat call an endpoint did not handle itself (an admin action such as a store QR code): never a 500. WeChat
    /// unreachable, busy or over its quotas is "try again later"; any other errcode is WeChat's answer to pass on
    /// (48001, the account lacks the API; 40001, the AppSecret changed), named by its endpoint and code only.
    /// </summary>
    private static ApiProblem FromWechat(WechatApiException e) => e.ErrorCode == WechatErrorCodes.Transport || WechatErrorCodes.IsBusyOrOverQuota(e.ErrorCode)
        ? new ApiProblem(503, ProblemCodes.WechatUnavailable, Ui.T("WeChat is not answering right now; try again later."), Describe(e))
        : new ApiProblem(502, ProblemCodes.WechatError, Ui.T("WeChat refused the request."), Describe(e));

    private static string Describe(WechatApiException e) => $"{e.Endpoint}: errcode {e.ErrorCode}";

    /// <summary>Where the JSON went wrong and how, by its path; never the value that was sent.</summary>
    private static string Describe(JsonException json)
    {
        var at = string.IsNullOrEmpty(json.Path) ? Ui.T("the body") : json.Path;
        var message = json.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal)) return Ui.T("{0}: not a field this endpoint accepts.", at);
        if (message.Contains("could not be converted", StringComparison.Ordinal)) return Ui.T("{0}: a value of the wrong type.", at);
        if (message.Contains("missing required properties", StringComparison.Ordinal)) return Ui.T("{0}: a required field is missing.", at);
        return Ui.T("{0}: not valid JSON.", at);
    }
}
