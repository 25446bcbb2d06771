using Microsoft.AspNetCore.Http.HttpResults;
using WechatLeads.Server.Audit;
using WechatLeads.Server.CampaignConsole;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Fulfilment;

/// <summary>
/// The warehouse's file of shipped parcels: one line <c>id,carrier,trackingNumber</c> per prize (an optional
/// header line). Every line is reported — applied, or refused with a reason — so a person importing 300 lines
/// learns which 4 did not go through and why. Each applied line is the same conditional move as the ship
/// button; the whole file is one transaction with one audit entry.
/// </summary>
internal static class TrackingImport
{
    public const int MaxLines = 10_000;

    public sealed record LineReport(int Line, string? Id, string Status, string? Reason);

    public sealed record ImportReport(int Applied, int Refused, IReadOnlyList<LineReport> Lines);

    public static async Task<Results<Ok<ImportReport>, ProblemHttpResult>> ImportAsync(
        HttpContext http, LeadsDbContext db, FulfilmentTransitions transitions, AuditLog audit, CancellationToken ct)
    {
        // The whole file first (it is capped), so the write transaction is never held open waiting on the network.
        var text = new List<string>();
        using (var reader = new StreamReader(http.Request.Body))
            while (await reader.ReadLineAsync(ct) is { } read)
                if (text.Count < MaxLines) text.Add(read);
                else return FulfilmentProblems.TooManyLines.ToResult();
        var lines = new List<LineReport>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var number = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var line in text)
        {
            number++;
            var cells = line.TrimStart('\uFEFF').Split([',', ';', '\t']).Select(c => c.Trim().Trim('"').Trim()).ToArray();
            if (cells.All(c => c.Length == 0)) continue; // a blank line: nothing was there to lose
            if (number == 1 && cells[0].Equals("id", StringComparison.OrdinalIgnoreCase)) continue;
            var id = cells[0].Length is > 0 and <= 32 ? cells[0] : null;
            if (id is null || cells.Length < 3) { lines.Add(Refused(number, id, "expected id,carrier,trackingNumber")); continue; }
            if (FulfilmentTransitions.TrackingProblem(cells[1], cells[2]) is { } problem) { lines.Add(Refused(number, id, problem)); continue; }
            if (!seen.Add(id)) { lines.Add(Refused(number, id, "the same id appears on an earlier line")); continue; }
            var result = await transitions.ShipAsync(id, cells[1], cells[2], ct);
            lines.Add(result.Applied ? new LineReport(number, id, "applied", null)
                : !result.Found ? Refused(number, id, "no fulfilment with this id")
                : Refused(number, id, $"the fulfilment is {result.State}{(result.Method == FulfilmentMethods.Pickup ? " (pickup)" : "")}, not ready to ship"));
        }
        var applied = lines.Count(l => l.Status == "applied");
        if (applied > 0)
            await audit.AppendAsync(
                http,
                new AuditRecord(FulfilmentAuditActions.TrackingImported, $"fulfilments:{applied} of {lines.Count} lines", applied),
                ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(new ImportReport(applied, lines.Count - applied, lines));
    }

    private static LineReport Refused(int line, string? id, string reason) => new(line, id, "refused", reason);
}
