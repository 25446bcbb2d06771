using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace WechatLeads.Server.Platform.Web;

/// <summary>
/// Server-rendered pages for WeChat's in-app browser: small, no script needed to work, mobile-first.
/// Every value goes through <see cref="E"/>; Chinese stays readable in the source (all Unicode ranges allowed).
/// </summary>
internal static class Html
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string E(string? value) => Encoder.Encode(value ?? "");

    /// <param name="head">Extra elements for the head (a page's own scripts, from this server or WeChat's SDK).</param>
    public static IResult Page(string title, string body, int status = 200, string head = "") =>
        Results.Content(Layout(title, body, head), "text/html; charset=utf-8", Encoding.UTF8, status);

    /// <summary>A friendly page for a problem: never a stack trace, always a way on.</summary>
    public static IResult Problem(int status, string title, string message, string? linkText = null, string? link = null) =>
        PageResult.Problem(status, title, message, linkText, link);

    internal static string Layout(string title, string body, string head = "") => $$"""
        <!doctype html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
        <title>{{E(title)}}</title>
        <style>
          body { margin: 0; background: #f5f5f5; color: #222; font: 15px/1.6 -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; }
          main { max-width: 480px; margin: 0 auto; padding: 12px; }
          .card { background: #fff; border-radius: 10px; padding: 16px; margin-bottom: 12px; }
          h1 { font-size: 20px; margin: 0 0 8px; } h2 { font-size: 16px; margin: 0 0 8px; }
          .muted { color: #777; font-size: 13px; }
          label.check { display: flex; gap: 8px; align-items: flex-start; margin: 10px 0; }
          label.check input { margin-top: 4px; width: 18px; height: 18px; flex: none; }
          input[type=tel], input[type=text] { width: 100%; box-sizing: border-box; font-size: 17px; padding: 10px; border: 1px solid #ccc; border-radius: 6px; }
          .button, button { display: block; width: 100%; box-sizing: border-box; text-align: center; background: #07c160; color: #fff; border: 0; border-radius: 6px; padding: 12px; font-size: 17px; text-decoration: none; margin-top: 12px; }
          button.secondary { background: #fff; color: #d33; border: 1px solid #d33; }
          .row { display: flex; gap: 8px; align-items: center; } .row input { flex: 1; min-width: 0; }
          .row button { width: auto; flex: none; margin-top: 0; padding: 10px 12px; font-size: 15px; white-space: nowrap; background: #fff; color: #07c160; border: 1px solid #07c160; }
          .notice { background: #f0fff4; color: #05823f; border-radius: 6px; padding: 10px; margin-bottom: 10px; }
          .error { background: #fff1f0; color: #c0392b; border-radius: 6px; padding: 10px; margin-bottom: 10px; }
          .code { font: 600 24px/1.4 ui-monospace, Menlo, monospace; letter-spacing: 2px; text-align: center; background: #f0fff4; border: 1px dashed #07c160; border-radius: 8px; padding: 12px; margin: 12px 0; }
          table { width: 100%; border-collapse: collapse; font-size: 14px; } td, th { border-bottom: 1px solid #eee; padding: 6px 4px; text-align: left; }
          .policy h1 { font-size: 18px; } .policy h2 { font-size: 15px; margin-top: 16px; }
        </style>
        {{head}}
        </head>
        <body><main>
        {{body}}
        </main></body>
        </html>
        """;
}
