namespace WechatLeads.Server.Platform.Web;

/// <summary>Which page of a console list to show (what <see cref="Pager"/> draws), and the list's links that keep its filters.</summary>
internal static class ListPaging
{
    /// <summary>The page asked for, kept between the first and the last; one page for an empty list.</summary>
    public static (int Current, int Pages) Of(long total, int pageSize, int? asked)
    {
        var pages = (int)Math.Max(1, (total + pageSize - 1) / pageSize);
        return (Math.Clamp(asked ?? 1, 1, pages), pages);
    }

    /// <summary>
    /// This request's filters as a query string for the list's own links (pages, export), without <paramref name="dropped"/>
    /// (the page itself, a cursor, or something that must not sit in a link such as a typed phone number) and empty fields.
    /// </summary>
    public static string FiltersOf(HttpRequest request, params string[] dropped) => string.Join('&', request.Query
        .Where(q => !dropped.Contains(q.Key, StringComparer.Ordinal) && !string.IsNullOrWhiteSpace(q.Value))
        .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}"));
}
