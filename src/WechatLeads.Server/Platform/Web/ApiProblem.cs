using Microsoft.AspNetCore.Http.HttpResults;

namespace WechatLeads.Server.Platform.Web;

/// <summary>
/// A refusal with a stable machine-readable code (the ProblemDetails <c>code</c>, from <see cref="ProblemCodes"/>)
/// and a title people can read. Features declare theirs as named values; endpoints return them or throw
/// <see cref="ApiProblemException"/>, and the pipeline (<see cref="ProblemPipeline"/>) writes JSON or a page.
/// </summary>
internal sealed record ApiProblem
{
    public ApiProblem(int status, string code, string title, string? detail = null)
    {
        if (!ProblemCodes.All.Contains(code)) throw new ArgumentException($"'{code}' is not in ProblemCodes.", nameof(code));
        (Status, Code, Title, Detail) = (status, code, title, detail);
    }

    public int Status { get; }
    public string Code { get; }
    public string Title { get; init; }
    public string? Detail { get; init; }

    /// <summary>This problem with the particulars of one occurrence (which id, which limit, what to do).</summary>
    public ApiProblem Explained(string? detail) => this with { Detail = detail };

    /// <summary>The ProblemDetails answer: title, detail, the stable <c>code</c>, and any <paramref name="more"/> fields beside it.</summary>
    public ProblemHttpResult ToResult(IReadOnlyDictionary<string, object?>? more = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = Code };
        foreach (var (key, value) in more ?? new Dictionary<string, object?>()) extensions[key] = value;
        return TypedResults.Problem(statusCode: Status, title: Title, detail: Detail, extensions: extensions);
    }

    /// <summary>A validation problem: the fields and what is wrong with each, under the <c>validation_failed</c> code.</summary>
    public static ValidationProblem Validation(string field, IEnumerable<string> problems) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [.. problems] },
            extensions: new Dictionary<string, object?> { ["code"] = ProblemCodes.ValidationFailed });
}

/// <summary>Thrown where returning is awkward (deep in a participation); the pipeline answers it like a returned problem.</summary>
internal sealed class ApiProblemException(ApiProblem problem) : Exception(problem.Code)
{
    public ApiProblem Problem { get; } = problem;
}
