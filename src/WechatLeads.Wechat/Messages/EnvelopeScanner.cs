using System.Text;

namespace WechatLeads.Wechat.Messages;

/// <summary>
/// Finds the <c>Encrypt</c> value of a safe-mode envelope with one bounded, linear pass — no XML parser.
/// The envelope is not authenticated until its <c>msg_signature</c>, which covers exactly this value, has been
/// checked, so nothing may be spent on it before then: a hostile body of tiny CDATA sections, entities or
/// nested elements is refused as soon as it is seen, at the cost of scanning it once. Whatever is read here
/// is only trusted after the signature over it verifies and it decrypts for our AppId; the plaintext fields
/// a compatible-mode envelope carries beside it are never read.
/// </summary>
public static class EnvelopeScanner
{
    /// <summary>Far above any real push (a text message is at most a few KB before encryption).</summary>
    public const int MaxEncryptLength = 64 * 1024;

    /// <summary>WeChat sends one CDATA section; a pretty-printer may add whitespace around it.</summary>
    public const int MaxTextNodes = 4;

    private const string Open = "<Encrypt>";
    private const string Close = "</Encrypt>";
    private const string CdataOpen = "<![CDATA[";
    private const string CdataClose = "]]>";

    public static EncryptedEnvelope Read(string body)
    {
        if (body.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase) || body.Contains("<!ENTITY", StringComparison.OrdinalIgnoreCase))
            throw new WechatMessageFormatException("A DTD is not allowed in a push.");
        return new EncryptedEnvelope(TryElement(body, "ToUserName"), Element(body, Open, Close)
            ?? throw new WechatMessageFormatException("Missing <Encrypt>."));
    }

    private static string? TryElement(string body, string name)
    {
        try { return Element(body, $"<{name}>", $"</{name}>"); }
        catch (WechatMessageFormatException) { return null; } // informational only, never trusted
    }

    private static string? Element(string body, string open, string close)
    {
        var start = body.IndexOf(open, StringComparison.Ordinal);
        if (start < 0) return null;
        start += open.Length;
        var end = body.IndexOf(close, start, StringComparison.Ordinal);
        if (end < 0) throw new WechatMessageFormatException($"{open} is not closed.");
        var value = Text(body.AsSpan(start, end - start));
        return value.Length == 0 ? throw new WechatMessageFormatException($"{open} is empty.") : value;
    }

    /// <summary>
    /// The element's text as an XML reader would give it, for the only shapes a real envelope has: CDATA
    /// sections and character runs without markup or entity references. Anything else is refused.
    /// </summary>
    private static string Text(ReadOnlySpan<char> content)
    {
        if (content.Length > MaxEncryptLength + 64) throw new WechatMessageFormatException("Encrypt is too long.");
        var text = new StringBuilder(content.Length);
        var nodes = 0;
        while (!content.IsEmpty)
        {
            if (++nodes > MaxTextNodes) throw new WechatMessageFormatException("Too many text nodes in Encrypt.");
            if (content.StartsWith(CdataOpen, StringComparison.Ordinal))
            {
                var inner = content[CdataOpen.Length..];
                var close = inner.IndexOf(CdataClose, StringComparison.Ordinal);
                if (close < 0) throw new WechatMessageFormatException("Unclosed CDATA section.");
                Append(text, inner[..close]);
                content = inner[(close + CdataClose.Length)..];
                continue;
            }
            var markup = content.IndexOf('<');
            var run = markup < 0 ? content : content[..markup];
            if (run.IsEmpty) throw new WechatMessageFormatException("Unexpected markup inside Encrypt.");
            if (run.Contains('&')) throw new WechatMessageFormatException("Entity references are not allowed inside Encrypt.");
            Append(text, run);
            content = content[run.Length..];
        }
        if (text.Length > MaxEncryptLength) throw new WechatMessageFormatException("Encrypt is too long.");
        return text.ToString().Trim();
    }

    // A carriage return would be normalised by an XML reader (and never occurs in base64): refuse rather than guess.
    private static void Append(StringBuilder text, ReadOnlySpan<char> part)
    {
        if (part.Contains('\r')) throw new WechatMessageFormatException("Carriage return inside Encrypt.");
        text.Append(part);
    }
}
