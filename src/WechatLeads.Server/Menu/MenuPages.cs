using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Menu;

/// <summary>The console page for the account menu: edit it visually or as JSON, check it, publish it; earlier revisions listed.</summary>
internal static class MenuPages
{
    public const string EditorScript = "/admin/menu-editor.js";

    public static IEndpointRouteBuilder MapMenuPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/menu", PageAsync).ExcludeFromDescription().RequireAuthorization(AdminPolicies.Staff);
        app.MapEmbeddedAsset(EditorScript, "Menu.menu-editor.js").RequireAuthorization(AdminPolicies.Staff);
        return app;
    }

    private static async Task<IResult> PageAsync(HttpContext http, LeadsDbContext db, MenuFile file, CancellationToken ct)
    {
        var revisions = await db.Set<MenuRevision>().AsNoTracking().OrderByDescending(r => r.Id).Take(20).ToListAsync(ct);
        var current = revisions.FirstOrDefault()?.Json ?? file.ReadTemplate();
        var origin = revisions.FirstOrDefault() is { } r
            ? $"版本 {r.Id}，{r.CreatedBy} 发布于 {When(r.CreatedAt)}"
            : $"配置文件 config/{MenuFile.FileName}";
        var history = revisions.Select(x => $"版本 {x.Id} · {x.CreatedBy} · {When(x.CreatedAt)}").ToList();
        return ConsoleLayout.Render<MenuEditorPage>(http, new MenuEditorView(origin, Pretty(current), history));
    }

    private static string When(DateTime utc) => ChinaTime.Format(utc);

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
