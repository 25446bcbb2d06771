using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Marketing;

/// <summary>
/// One send, person by person (<c>/admin/marketing/sends/{id}</c>): to whom it went (masked), from which campaign,
/// delivered, skipped and why, or failed — filterable by status, newest first, with page numbers.
/// </summary>
internal static class SendDeliveryPages
{
    private const int PageSize = 100;

    public static IEndpointRouteBuilder MapSendDeliveryPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/marketing/sends/{id:long}", PageAsync).ExcludeFromDescription().RequireAuthorization(AdminPolicies.Staff);
        return app;
    }

    private static async Task<IResult> PageAsync(long id, string? status, int? page, HttpContext http, LeadsDbContext db, PhoneProtector phones,
        CancellationToken ct)
    {
        if (await MarketingAdminEndpoints.ProgressAsync(db, id, ct) is not { } progress)
            return ConsoleLayout.Render<ConsoleNotFoundPage>(http, new ConsoleNotFoundView("发送不存在", "全部发送", "/admin/marketing"),
                StatusCodes.Status404NotFound);
        var wanted = string.IsNullOrWhiteSpace(status) ? null : status;
        var deliveries = db.Set<MarketingDelivery>().AsNoTracking().Where(d => d.SendId == id && (wanted == null || d.Status == wanted));
        var total = await deliveries.LongCountAsync(ct);
        var (current, pages) = ListPaging.Of(total, PageSize, page);
        var rows = await (from d in deliveries
                          join l in db.Set<Lead>() on d.LeadId equals l.Id into leads
                          from l in leads.DefaultIfEmpty()
                          join p in db.Set<Person>() on d.PersonId equals p.Id into persons
                          from p in persons.DefaultIfEmpty()
                          join c in db.Set<Campaign>() on l.CampaignId equals c.Id into campaigns
                          from c in campaigns.DefaultIfEmpty()
                          orderby d.CompletedAt descending, d.PersonId
                          select new { d.Status, d.Reason, d.CompletedAt, Cipher = p == null ? null : p.PhoneCipher, Campaign = c == null ? null : c.Title })
            .Skip((current - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        // An erased person keeps their delivery row (the send's figures stay true) but nothing that identifies them.
        var list = rows.Select(r => new DeliveryRow(r.Cipher is null ? "（已删除）" : phones.MaskStored(r.Cipher), r.Campaign ?? "",
            DeliveryStatusName(r.Status), r.Reason is null ? "" : MarketingNames.SkipReason(r.Reason), r.CompletedAt)).ToList();
        return ConsoleLayout.Render<SendDeliveriesPage>(http, new SendDeliveriesView(progress, wanted, list, current, pages, total));
    }

    public static string DeliveryStatusName(string status) => status switch
    {
        MarketingDeliveryStatus.Pending => "待发",
        MarketingDeliveryStatus.Sending => "发送中",
        MarketingDeliveryStatus.Sent => "已发出",
        MarketingDeliveryStatus.Delivered => "已送达",
        MarketingDeliveryStatus.Skipped => "已跳过",
        MarketingDeliveryStatus.Failed => "失败",
        MarketingDeliveryStatus.Unknown => "结果不明（不重发）",
        _ => status,
    };
}

/// <summary>What <see cref="SendDeliveriesPage"/> shows: the send's figures, the status filter, one page of its deliveries.</summary>
public sealed record SendDeliveriesView(SendProgress Send, string? Status, IReadOnlyList<DeliveryRow> Rows, int Page, int Pages, long Total)
{
    public static readonly IReadOnlyList<SelectOption> Statuses =
    [
        new("", "全部"),
        .. new[]
        {
            MarketingDeliveryStatus.Sent, MarketingDeliveryStatus.Delivered, MarketingDeliveryStatus.Skipped, MarketingDeliveryStatus.Failed,
            MarketingDeliveryStatus.Unknown, MarketingDeliveryStatus.Pending,
        }.Select(s => new SelectOption(s, SendDeliveryPages.DeliveryStatusName(s))),
    ];

    public string PageHref(int page) =>
        $"/admin/marketing/sends/{Send.Id}?" + (Status is null ? "" : $"status={Uri.EscapeDataString(Status)}&") + $"page={page}";
}

/// <param name="Phone">Masked; “（已删除）” once the person was erased.</param>
public sealed record DeliveryRow(string Phone, string Campaign, string Status, string Reason, DateTime? CompletedAt);
