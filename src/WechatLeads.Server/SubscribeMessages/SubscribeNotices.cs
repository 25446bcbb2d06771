using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.DataRights;
using WechatLeads.Server.Fulfilment;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Platform;

namespace WechatLeads.Server.SubscribeMessages;

/// <summary>
/// A notice promised by a state change (a parcel shipped, a number changed), sent by the outbox: the row is
/// written in the change's own transaction, so the notice is neither lost nor sent for a change that rolled back.
/// The payload names the change only; the values are read when the notice goes.
/// </summary>
internal sealed class SubscribeNotices(LeadsDbContext db, SubscribeMessenger messenger, PhoneProtector phones) : IOutboxHandler
{
    public const string Kind = "subscribe.notice";

    public sealed record Payload(string Purpose, string Reference, string SubjectKey);

    string IOutboxHandler.Kind => Kind;

    /// <summary>Adds the notice's outbox row to <paramref name="db"/>'s pending changes (the caller's transaction saves it).</summary>
    public static void Promise(LeadsDbContext db, string purpose, string reference, string subjectKey, DateTime now) =>
        db.Add(new OutboxMessage { Id = Ids.New(), Kind = Kind, Payload = JsonSerializer.Serialize(new Payload(purpose, reference, subjectKey)), CreatedAt = now });

    public async Task HandleAsync(string payload, CancellationToken ct)
    {
        var notice = JsonSerializer.Deserialize<Payload>(payload)!;
        var values = notice.Purpose switch
        {
            SubscribePurposes.Shipping => await ShippingAsync(notice.Reference, ct),
            SubscribePurposes.PhoneChanged => await PhoneChangedAsync(notice.Reference, notice.SubjectKey, ct),
            _ => null,
        };
        if (values is null) return; // erased meanwhile: nothing to tell
        await messenger.SendAsync(notice.Purpose, notice.Reference, notice.SubjectKey, values, ct);
    }

    private async Task<Dictionary<string, string>?> ShippingAsync(string fulfilmentId, CancellationToken ct)
    {
        var f = await db.Set<PrizeFulfilment>().AsNoTracking().Where(x => x.Id == fulfilmentId)
            .Select(x => new { x.Carrier, x.TrackingNumber, x.ShippedAt, Prize = db.Set<Prize>().Where(p => p.Id == x.PrizeId).Select(p => p.Name).FirstOrDefault() })
            .SingleOrDefaultAsync(ct);
        return f is null ? null : new Dictionary<string, string>
        {
            ["prize"] = f.Prize ?? "奖品",
            ["carrier"] = f.Carrier ?? "",
            ["trackingNumber"] = f.TrackingNumber ?? "",
            ["shippedAt"] = BeijingMinute(f.ShippedAt ?? DateTime.UtcNow),
            ["note"] = "您的奖品已发出，请留意查收",
        };
    }

    private async Task<Dictionary<string, string>?> PhoneChangedAsync(string requestId, string subjectKey, CancellationToken ct)
    {
        var completedAt = await db.Set<DataSubjectRequest>().AsNoTracking().Where(r => r.Id == requestId).Select(r => r.CompletedAt).SingleOrDefaultAsync(ct);
        var cipher = await db.Set<Lead>().AsNoTracking().Where(l => l.SubjectKey == subjectKey)
            .Join(db.Set<Person>(), l => l.PersonId, p => p.Id, (_, p) => p.PhoneCipher).FirstOrDefaultAsync(ct);
        return completedAt is null || cipher is null ? null : new Dictionary<string, string>
        {
            ["phone"] = phones.MaskStored(cipher),
            ["changedAt"] = BeijingMinute(completedAt.Value),
            ["note"] = "如非本人操作，请联系客服",
        };
    }

    private static string BeijingMinute(DateTime utc) => ChinaTime.Format(utc, "yyyy年M月d日 HH:mm");
}
