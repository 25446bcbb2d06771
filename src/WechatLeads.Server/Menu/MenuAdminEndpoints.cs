using System.Text;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Menu;

/// <summary>
/// The account menu from the console: read the current one, check an edit, publish it. A published edit
/// becomes a <see cref="MenuRevision"/> (every instance publishes the same menu from then on) and goes to
/// WeChat as a background job, retried if WeChat is unreachable.
/// </summary>
internal static class MenuAdminEndpoints
{
    public const int MaxTemplateLength = 32 * 1024;

    public sealed record SyncAccepted(string JobId);

    public sealed record CurrentMenu(string Origin, string Json, DateTime? PublishedAt, string? PublishedBy);

    /// <param name="Problems">Each problem in Chinese.</param>
    /// <param name="Items">The same problems with the button each is about (index, and sub-button index), for the editor.</param>
    public sealed record MenuCheck(bool Valid, IReadOnlyList<string> Problems, IReadOnlyList<MenuProblem> Items);

    public sealed record MenuEdit(string? Json);

    public static RouteGroupBuilder MapMenuAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/menu", CurrentAsync)
            .WithName("GetMenu")
            .WithSummary("The menu in force: the newest console revision, else config/menu.json ({base} not expanded).");
        admin.MapPost("/menu/validate", (MenuEdit body) => TypedResults.Ok(Check(body.Json)))
            .WithName("ValidateMenu").WithSummary("Checks a menu against WeChat's limits and the 取消订阅 rule without publishing it.");
        admin.MapPut("/menu", PublishAsync).WithName("PublishMenu")
            .WithSummary("Saves a menu as the new revision and publishes it to the Official Account (as a background job).");
        admin.MapPost("/menu/sync", (IBackgroundJobClient jobs) =>
                TypedResults.Accepted("/admin/jobs", new SyncAccepted(jobs.Enqueue<PublishMenu>(p => p.RunAsync(true, CancellationToken.None)))))
            .WithName("SyncMenu").WithSummary("Publishes the current menu to the Official Account again (as a background job).");
        return admin;
    }

    private static async Task<CurrentMenu> CurrentAsync(LeadsDbContext db, MenuFile file, CancellationToken ct)
    {
        var revision = await db.Set<MenuRevision>().AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        return revision is null
            ? new CurrentMenu($"config/{MenuFile.FileName}", file.ReadTemplate(), null, null)
            : new CurrentMenu($"revision {revision.Id}", revision.Json, revision.CreatedAt, revision.CreatedBy);
    }

    private static async Task<Results<Accepted<SyncAccepted>, ValidationProblem>> PublishAsync(
        MenuEdit body, LeadsDbContext db, IBackgroundJobClient jobs, TimeProvider time, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var check = Check(body.Json);
        if (!check.Valid) return ApiProblem.Validation("menu", check.Problems);
        var revision = new MenuRevision { Json = body.Json!, CreatedBy = http.User.Identity?.Name ?? "unknown", CreatedAt = time.GetUtcNow().UtcDateTime };
        db.Add(revision);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(http, new AuditRecord(AuditActions.MenuPublished, $"menu:revision {revision.Id}"), ct);
        // Saved first: should this enqueue be lost, the next start (or /menu/sync) publishes the revision.
        return TypedResults.Accepted("/admin/jobs", new SyncAccepted(jobs.Enqueue<PublishMenu>(p => p.RunAsync(false, CancellationToken.None))));
    }

    private static MenuCheck Check(string? json)
    {
        IReadOnlyList<MenuProblem> items = string.IsNullOrWhiteSpace(json)
            ? [MenuProblemText.Whole(Ui.T("json is required: the menu in WeChat's menu/create format."))]
            : json.Length > MaxTemplateLength ? [MenuProblemText.Whole(Ui.T("the menu is longer than {0} characters.", MaxTemplateLength))]
            : MenuDocument.Problems(json);
        return new(items.Count == 0, [.. items.Select(i => i.Text)], items);
    }
}
