using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Data;
using WechatLeads.Server.Followers;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Leads;

namespace WechatLeads.Server.AuthorizationChanges;

/// <summary>
/// The erasure an authorisation change asks for, run from the outbox. May run more than once: marketing is
/// withdrawn once (guarded by <see cref="AuthorizationChange.MarketingStoppedAt"/>), every eraser is idempotent,
/// and the audit entry is appended in the same transaction that marks the change applied, so exactly once.
/// </summary>
internal sealed class ApplyAuthorizationChange(
    LeadsDbContext db, IEnumerable<IPhoneDataEraser> phoneErasers, IEnumerable<IPersonalDataEraser> personErasers, AuditLog audit,
    TimeProvider time, ILogger<ApplyAuthorizationChange> logger) : IOutboxHandler
{
    public const string Kind = "authorization.apply";
    public const string WithdrawalChannel = "wechat-revoke";

    /// <summary>Who the audit log names: WeChat's push, not a member of staff.</summary>
    private static readonly ClaimsPrincipal WechatPush = new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, "WeChat"), new Claim(ClaimTypes.Role, "system"), new Claim("auth", "push")], "push"));

    public sealed record Payload(string ChangeId, string OpenId, string Kind);

    string IOutboxHandler.Kind => Kind;

    public async Task HandleAsync(string payload, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<Payload>(payload)!;
        var change = await db.Set<AuthorizationChange>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.ChangeId, cancellationToken);
        if (change is null) return; // purged long after it was applied
        var asOf = change.ReceivedAt;

        if (change.Kind == AuthorizationChangeKinds.PhoneRevoked)
        {
            await StopMarketingToTheNumberAsync(change, cancellationToken);
            foreach (var eraser in phoneErasers) await eraser.EraseAsync(request.OpenId, change.SubjectKey, asOf, cancellationToken);
        }
        else if (change.Kind == AuthorizationChangeKinds.AccountCancelled)
        {
            // As for an unfollow, and more: the account is gone, so the follower row goes whatever its state.
            foreach (var eraser in personErasers) await eraser.EraseAsync(request.OpenId, change.SubjectKey, asOf, cancellationToken);
            foreach (var eraser in phoneErasers.Where(e => !personErasers.Any(p => p.GetType() == e.GetType())))
                await eraser.EraseAsync(request.OpenId, change.SubjectKey, asOf, cancellationToken);
            await db.Set<Follower>().Where(f => f.OpenId == request.OpenId).ExecuteDeleteAsync(cancellationToken);
        }
        await MarkAppliedAsync(change, cancellationToken);
    }

    /// <summary>
    /// "Marketing withdrawn for that number": a withdrawal for every WeChat identity that joined with the number
    /// (the Official Account's and the mini-program's openids differ), as an SMS 退订 does — before the erasure
    /// deletes the leads that say which number it was.
    /// </summary>
    private async Task StopMarketingToTheNumberAsync(AuthorizationChange change, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.Set<AuthorizationChange>().Where(c => c.Id == change.Id && c.MarketingStoppedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.MarketingStoppedAt, now), ct);
        if (claimed == 0) return; // an earlier run did it
        var numbers = db.Set<Lead>().Where(l => l.SubjectKey == change.SubjectKey).Select(l => l.PersonId);
        var indexes = db.Set<Person>().Where(p => numbers.Contains(p.Id)).Select(p => p.PhoneIndex);
        var subjects = await db.Set<Lead>().Where(l => db.Set<Person>().Any(p => p.Id == l.PersonId && indexes.Contains(p.PhoneIndex)))
            .Select(l => l.SubjectKey).Distinct().ToListAsync(ct);
        if (!subjects.Contains(change.SubjectKey)) subjects.Add(change.SubjectKey);
        ConsentLedgerWrites.Record(db, subjects.Select(s => ConsentEvent.MarketingWithdrawnEverywhere(s, null, WithdrawalChannel, now)));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private async Task MarkAppliedAsync(AuthorizationChange change, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var marked = await db.Set<AuthorizationChange>().Where(c => c.Id == change.Id && c.AppliedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.AppliedAt, now), ct);
        if (marked == 1)
            await audit.AppendAsync(new AuditRecord(AuditActions.AuthorizationChangeApplied,
                $"authorization-change:{change.Id} {change.Kind} {change.Source} subject:{change.SubjectKey[..12]}"), WechatPush, null, ct);
        await transaction.CommitAsync(ct);
        if (marked == 1)
            logger.LogInformation(
                "Applied WeChat authorisation change {Kind} {Seconds:0.#} s after it arrived",
                change.Kind,
                (now - change.ReceivedAt).TotalSeconds);
    }
}
