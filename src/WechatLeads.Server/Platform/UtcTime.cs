using Microsoft.AspNetCore.Http.HttpResults;

namespace WechatLeads.Server.Platform;

/// <summary>
/// Times from API input: an offset given is honoured (converted, not relabelled — "+08:00" from the console
/// arrives as a Local-kind value); none means UTC, as documented — never the server's own time zone.
/// </summary>
internal static class UtcTime
{
    public static DateTime From(DateTime value) =>
        value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime();

    public static DateTime? From(DateTime? value) => value is { } v ? From(v) : null;

    /// <summary>
    /// The start of a period from API input: a moment (<paramref name="from"/>), or the start of a China calendar day
    /// (<paramref name="fromDay"/>, what the console's date filters send); null when neither is given.
    /// </summary>
    public static DateTime? Start(DateTime? from, DateOnly? fromDay) => From(from) ?? ChinaTime.StartOf(fromDay);

    /// <summary>The exclusive end of a period: a moment, or the end of the China day <paramref name="toDay"/> (included).</summary>
    public static DateTime? End(DateTime? to, DateOnly? toDay) => From(to) ?? ChinaTime.StartOf(toDay?.AddDays(1));

    /// <summary>A 400 when one end is given both as a moment and as a day; null when the input is usable.</summary>
    public static ProblemHttpResult? BothForms(DateTime? from, DateOnly? fromDay, DateTime? to, DateOnly? toDay) =>
        from is not null && fromDay is not null || to is not null && toDay is not null
            ? new Web.ApiProblem(400, Web.ProblemCodes.InvalidPeriod, "Two starts or two ends.", "Give from or fromDay, to or toDay, not both.").ToResult()
            : null;
}
