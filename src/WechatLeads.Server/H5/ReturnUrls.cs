using System.Text;

namespace WechatLeads.Server.H5;

/// <summary>
/// Where the OAuth sign-in may send a person back to: only pages this app serves to followers. "Starts with
/// one slash" was not enough — <c>/%09/evil.example</c> arrives as <c>/&lt;TAB&gt;/evil.example</c>, browsers
/// strip the TAB and go to <c>//evil.example</c>, another site; non-ASCII or control characters in a
/// <c>Location</c> header made Kestrel throw (a 500). So a return URL is a fixed prefix of ours followed by
/// printable ASCII with no backslash and no encoded slash, backslash, control character or dot segment, and
/// what goes into <c>Location</c> is percent-encoded besides.
/// </summary>
internal static class ReturnUrls
{
    public const string Default = "/h5/me";

    /// <summary>The follower-facing pages: campaign pages and "my data" (<c>/h5/</c>), and the privacy notices.</summary>
    private static readonly string[] Prefixes = ["/h5/", "/privacy/"];

    /// <summary>Never back into the sign-in itself (a loop).</summary>
    private const string OAuthPrefix = "/h5/oauth/";

    public const int MaxLength = 2048;

    public static bool IsAllowed(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxLength) return false;
        // Printable ASCII only: no TAB/CR/LF or other controls, no space, nothing a browser would strip or
        // re-interpret, nothing Kestrel refuses in a header; and no backslash (browsers read it as a slash).
        foreach (var c in url)
            if (c is < '!' or > '~' or '\\') return false;
        var end = url.IndexOfAny(['?', '#']);
        var path = end < 0 ? url : url[..end];
        if (!Prefixes.Any(p => path.StartsWith(p, StringComparison.Ordinal)) || path.StartsWith(OAuthPrefix, StringComparison.Ordinal)) return false;
        // Encoded tricks in the path: %2F%2F, %5C, %09, %2E%2E — refused whatever a server or browser would make of them.
        var decoded = Uri.UnescapeDataString(path);
        if (decoded.Contains("//", StringComparison.Ordinal) || decoded.Contains('\\') || decoded.Any(c => c is < ' ' or '\u007f' or > '~')) return false;
        return !decoded.Split('/').Any(segment => segment is "." or "..");
    }

    /// <summary>
    /// <paramref name="url"/> (already <see cref="IsAllowed"/>, else <see cref="Default"/>) fit for a
    /// <c>Location</c> header: characters a URI may not hold (<c>" &lt; &gt; ^ ` { | }</c>) are percent-encoded;
    /// existing escapes are kept.
    /// </summary>
    public static string ForLocation(string? url)
    {
        if (!IsAllowed(url)) return Default;
        var encoded = new StringBuilder(url!.Length);
        foreach (var c in url)
        {
            if (char.IsAsciiLetterOrDigit(c) || "-._~:/?#[]@!$&'()*+,;=%".Contains(c)) encoded.Append(c);
            else encoded.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return encoded.ToString();
    }
}
