using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;
using static WechatLeads.Server.Platform.Web.ConsoleLayout;
using static WechatLeads.Server.Platform.Web.Html;

namespace WechatLeads.Server.Menu;

/// <summary>The console page for the account menu: edit the JSON, check it, publish it; earlier revisions listed.</summary>
internal static class MenuPages
{
    public static IEndpointRouteBuilder MapMenuPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/menu", PageAsync).ExcludeFromDescription().RequireAuthorization(AdminPolicies.Staff);
        return app;
    }

    private static async Task<IResult> PageAsync(HttpContext http, LeadsDbContext db, MenuFile file, CancellationToken ct)
    {
        var revisions = await db.Set<MenuRevision>().AsNoTracking().OrderByDescending(r => r.Id).Take(20).ToListAsync(ct);
        var current = revisions.FirstOrDefault()?.Json ?? file.ReadTemplate();
        var origin = revisions.FirstOrDefault() is { } r ? $"版本 {r.Id}，{E(r.CreatedBy)} 发布于 {ChinaLocal(r.CreatedAt).Replace('T', ' ')}" : $"配置文件 config/{MenuFile.FileName}";
        var history = string.Concat(revisions.Select(x => $"<li>版本 {x.Id} · {E(x.CreatedBy)} · {ChinaLocal(x.CreatedAt).Replace('T', ' ')}</li>"));
        return Page(http, "公众号菜单", $"""
            <div class="card"><h1>公众号菜单</h1><p class="muted">当前：{origin}。格式与微信 menu/create 接口相同，<code>{MenuDocument.Placeholder}</code> 代表本站地址。
            最多 3 个一级菜单、每个 5 个子菜单；必须保留名为“取消订阅”、key 为 UNSUBSCRIBE 的点击菜单（撤回同意须与给出同意一样方便）。</p>
            <form id="menu-form" data-api="/admin/api/menu" data-method="PUT" data-then="show">
            <label>菜单 JSON<textarea name="json" rows="22" spellcheck="false" data-keep-empty>{E(Pretty(current))}</textarea></label>
            <div class="actions"><button type="submit" class="secondary" id="validate-menu" data-api="/admin/api/menu/validate" data-method="POST">检查</button>
            <button type="submit" id="publish-menu">发布到公众号</button></div><output></output></form></div>
            {(history.Length > 0 ? $"<div class=\"card\"><h2>发布记录</h2><ul>{history}</ul></div>" : "")}
            """);
    }

    private static string Pretty(string json)
    {
        try { return JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement, PrettyOptions); }
        catch (JsonException) { return json; }
    }

    private static readonly JsonSerializerOptions PrettyOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
