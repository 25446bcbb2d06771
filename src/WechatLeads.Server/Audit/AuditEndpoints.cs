using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Audit;

internal static class AuditEndpoints
{
    public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long? Next);

    public static RouteGroupBuilder MapAuditAdmin(this RouteGroupBuilder admin)
    {
        var audit = admin.MapGroup("/audit").RequireAuthorization(AdminPolicies.Compliance);
        audit.MapGet("/", ListAsync).WithName("ListAuditEntries")
            .WithSummary("The staff audit log, oldest first, in pages (after = the last sequence seen).");
        audit.MapGet("/verify", (AuditLog log, CancellationToken ct) => log.VerifyAsync(ct)).WithName("VerifyAuditLog")
            .WithSummary("Recomputes the hash chain and reports the first entry that was changed, removed or inserted, and whether the newest entries, all " +
                "of them, or a newer copy of the table are gone.");
        audit.MapPost("/verify", VerifyWithCheckpointAsync).WithName("VerifyAuditLogAgainstCheckpoint")
            .WithSummary("As GET, and also against a checkpoint Compliance kept elsewhere (the JSON of one from /checkpoints).");
        audit.MapGet("/checkpoints", ListCheckpointsAsync).WithName("ListAuditCheckpoints")
            .WithSummary("Signed checkpoints of the log's head (hourly and on demand), newest first, with the public key that checks them. Download and keep " +
                "them elsewhere.");
        audit.MapPost("/checkpoints", async (AuditCheckpoints checkpoints, CancellationToken ct) =>
                await checkpoints.CreateAsync(ct) is { } made ? Results.Ok(Describe(made)) : AuditProblems.LogBroken.ToResult())
            .WithName("CreateAuditCheckpoint").WithSummary("Signs a checkpoint of the current head now.");
        return admin;
    }

    public sealed record CheckpointView(long Sequence, string Hash, DateTime At, string Signature, string SignedText);

    public sealed record CheckpointList(string PublicKey, string Algorithm, IReadOnlyList<CheckpointView> Checkpoints, long? Next);

    private static CheckpointView Describe(AuditCheckpoint c) =>
        new(c.Sequence, c.Hash, DateTime.SpecifyKind(c.At, DateTimeKind.Utc), c.Signature, AuditSeal.CheckpointText(c.Sequence, c.Hash, c.At));

    private static async Task<CheckpointList> ListCheckpointsAsync(LeadsDbContext db, AuditSeal seal, long? before, int? limit, CancellationToken ct)
    {
        var take = Math.Clamp(limit ?? 100, 1, 1000);
        var rows = await db.Set<AuditCheckpoint>().AsNoTracking().Where(c => before == null || c.Sequence < before)
            .OrderByDescending(c => c.Sequence).Take(take).ToListAsync(ct);
        return new CheckpointList(seal.PublicKeyPem,
            "ECDSA P-256 with SHA-256 over signedText (UTF-8); signature is DER, base64. openssl dgst -sha256 -verify key.pem -signature sig.der signed.txt",
            rows.Select(Describe).ToList(), rows.Count == take ? rows[^1].Sequence : null);
    }

    private static async Task<IResult> VerifyWithCheckpointAsync(KeptCheckpoint? checkpoint, AuditLog log, AuditSeal seal, CancellationToken ct)
    {
        if (checkpoint is null || checkpoint.Sequence < 0 || checkpoint.Hash is not { Length: 64 } || checkpoint.Signature is not { Length: > 0 and <= 200 })
            return AuditProblems.CheckpointInvalid.ToResult();
        // A checkpoint we did not sign proves nothing about the log; say so instead of comparing.
        if (!seal.IsSigned(checkpoint.Sequence, checkpoint.Hash, checkpoint.At, checkpoint.Signature))
            return AuditProblems.CheckpointNotOurs.ToResult();
        return Results.Ok(await log.VerifyAsync(ct, checkpoint));
    }

    private static async Task<AuditPage> ListAsync(LeadsDbContext db, long? after, int? limit, CancellationToken ct)
    {
        var take = Math.Clamp(limit ?? 100, 1, 500);
        var entries = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.Sequence > (after ?? 0))
            .OrderBy(e => e.Sequence).Take(take).ToListAsync(ct);
        return new AuditPage(entries, entries.Count == take ? entries[^1].Sequence : null);
    }
}
