using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using WechatLeads.Server.Platform;
using static WechatLeads.Server.Platform.Web.Html;

namespace WechatLeads.Server.Platform.Web;

/// <summary>
/// The frame of every console page: navigation, the antiforgery token for <c>console.js</c>, and a strict
/// Content-Security-Policy (scripts only from this server, no inline script), since these pages show
/// personal data to staff.
/// </summary>
internal static class ConsoleLayout
{
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    /// <summary>Style sheets and scripts from this server only: no inline style or script anywhere in the console.</summary>
    private const string StrictPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    /// <summary>Renders a console page component with its <c>View</c> and the frame's <see cref="ConsoleChrome"/>.</summary>
    public static IResult Render<TPage>(HttpContext http, object view, int status = StatusCodes.Status200OK)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        var token = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http).RequestToken ?? "";
        http.Response.Headers.ContentSecurityPolicy = StrictPolicy;
        http.Response.Headers.XFrameOptions = "DENY";
        http.Response.Headers.CacheControl = "no-store"; // masked or not, lead lists stay out of shared caches
        var chrome = new ConsoleChrome(token, http.User.Identity?.Name, http.User.FindFirstValue(ClaimTypes.Role), http.User.IsInRole(AdminRoles.Compliance));
        return PageResult.Render<TPage>(new Dictionary<string, object?> { ["View"] = view, ["Chrome"] = chrome }, status);
    }

    public static IResult Page(HttpContext http, string title, string body, int status = 200)
    {
        var token = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http).RequestToken;
        http.Response.Headers.ContentSecurityPolicy = Policy;
        http.Response.Headers.XFrameOptions = "DENY";
        http.Response.Headers.CacheControl = "no-store"; // masked or not, lead lists stay out of shared caches
        var compliance = http.User.IsInRole(AdminRoles.Compliance);
        var html = $$"""
            <!doctype html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="request-verification-token" content="{{E(token)}}">
            <link rel="icon" href="data:,">
            <title>{{E(title)}} · WechatLeads</title>
            <script src="/admin/console.js" defer></script>
            <style>
              body { margin: 0; background: #f5f6f8; color: #222; font: 14px/1.6 -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; }
              nav { background: #1f2937; padding: 8px 16px; display: flex; gap: 16px; flex-wrap: wrap; align-items: center; }
              nav a { color: #e5e7eb; text-decoration: none; } nav .who { margin-left: auto; color: #9ca3af; }
              main { max-width: 1080px; margin: 0 auto; padding: 16px; }
              .card { background: #fff; border-radius: 8px; padding: 16px; margin-bottom: 16px; box-shadow: 0 1px 2px rgba(0,0,0,.05); }
              h1 { font-size: 20px; margin: 0 0 8px; } h2 { font-size: 16px; margin: 0 0 10px; }
              .muted { color: #6b7280; font-size: 13px; }
              .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 10px 16px; }
              label { display: block; font-size: 13px; color: #374151; }
              input, select, textarea { font: inherit; width: 100%; box-sizing: border-box; padding: 6px 8px; border: 1px solid #d1d5db; border-radius: 6px; margin-top: 2px; }
              input[type=checkbox] { width: auto; } label.inline { display: inline-flex; gap: 6px; align-items: center; margin-right: 12px; }
              textarea { font-family: ui-monospace, Menlo, monospace; font-size: 13px; }
              button, .button { font: inherit; background: #07c160; color: #fff; border: 0; border-radius: 6px; padding: 7px 14px; cursor: pointer; text-decoration: none; display: inline-block; }
              button.secondary { background: #fff; color: #374151; border: 1px solid #d1d5db; } button.danger { background: #dc2626; }
              .actions { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 10px; align-items: center; }
              table { width: 100%; border-collapse: collapse; } td, th { border-bottom: 1px solid #eee; padding: 6px 4px; text-align: left; vertical-align: top; }
              output { display: block; margin-top: 8px; } output.error { background: #fef2f2; color: #b91c1c; border-radius: 6px; padding: 8px; }
              output.ok { background: #f0fdf4; color: #166534; border-radius: 6px; padding: 8px; }
              .status { display: inline-block; padding: 0 8px; border-radius: 10px; background: #e5e7eb; font-size: 12px; }
              .status.active { background: #dcfce7; color: #166534; } .status.paused { background: #fef9c3; } .status.ended { background: #f3f4f6; color: #6b7280; }
              fieldset { border: 1px solid #e5e7eb; border-radius: 6px; margin: 10px 0; } fieldset[hidden] { display: none; }
              svg text { font-family: inherit; } tr.overdue { background: #fef2f2; }
            </style>
            </head>
            <body>
            <nav><a href="/admin"><b>WechatLeads</b></a><a href="/admin/campaigns">活动</a><a href="/admin/leads">线索</a><a href="/admin/fulfilments">奖品寄送</a>
            <a href="/admin/marketing">营销发送</a>
            <a href="/admin/stores">门店</a><a href="/admin/risk-lists">风控名单</a><a href="/admin/replies">关键词回复</a><a href="/admin/privacy">隐私政策</a><a href="/admin/menu">公众号菜单</a>{{(compliance ? "<a href=\"/admin/compliance\">合规</a><a href=\"/admin/audit\">审计日志</a>" : "")}}
            <a href="/admin/jobs">后台任务</a>
            <span class="who">{{E(http.User.Identity?.Name)}} · {{E(http.User.FindFirstValue(ClaimTypes.Role))}}</span>
            <form method="post" action="/admin/logout" id="logout"><input type="hidden" name="__RequestVerificationToken" value="{{E(token)}}"><button class="secondary" type="submit">退出登录</button></form></nav>
            <main>
            {{body}}
            </main>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>The script behind every console form: JSON to the admin API with the antiforgery header.</summary>
    // Small form-building helpers, so pages read as a list of fields.
    public static string Field(string label, string name, string? value = null, string type = "text", string extra = "") =>
        $"<label>{E(label)}<input name=\"{E(name)}\" type=\"{type}\" value=\"{E(value)}\" {extra}></label>";

    public static string Select(string label, string name, IEnumerable<(string Value, string Text)> options, string? selected = null, string extra = "") =>
        $"<label>{E(label)}<select name=\"{E(name)}\" {extra}>{string.Concat(options.Select(o => $"<option value=\"{E(o.Value)}\"{(o.Value == selected ? " selected" : "")}>{E(o.Text)}</option>"))}</select></label>";

    public static string Check(string label, string name, string value, bool isChecked, string extra = "") =>
        $"<label class=\"inline\"><input type=\"checkbox\" name=\"{E(name)}\" value=\"{E(value)}\" data-type=\"list\"{(isChecked ? " checked" : "")} {extra}>{E(label)}</label>";

    /// <summary>China time for a <c>datetime-local</c> input; console.js sends it back with +08:00.</summary>
    public static string ChinaLocal(DateTime utc) => ChinaTime.Format(utc, "yyyy-MM-dd'T'HH:mm");

    public static string StatusBadge(string status) => $"<span class=\"status {E(status)}\">{E(StatusText(status))}</span>";

    public static string StatusText(string status) => status switch
    {
        "draft" => "草稿",
        "active" => "进行中",
        "paused" => "已暂停",
        "ended" => "已结束",
        _ => status,
    };
}
