using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform;

namespace WechatLeads.Server.Leads;

/// <summary>
/// CSV export, streamed row by row from the database to the response: a million leads never sit in memory.
/// Masked by default. Unmasked needs the Compliance role and a reason, and is audited before the first row;
/// so is a masked export (who took which list). The audience <c>marketing</c> keeps only people whose
/// marketing consent is in force and who have not opted out.
/// </summary>
internal static class LeadCsvExport
{
    private const int FlushEvery = 1000;

    /// <param name="headers"><c>machine</c>: English column names, codes and UTC times (for scripts); otherwise Chinese
    /// headers, values in words and Beijing time (for the people who open it in a spreadsheet).</param>
    public static async Task<IResult> ExportAsync(
        [AsParameters] LeadSearch search, bool? unmasked, string? reason, string? audience, string? headers,
        HttpContext http, LeadsDbContext db, PhoneProtector phones, AuditLog audit, CancellationToken ct)
    {
        if (search.Problem() is { } problem) return problem;
        if (headers is not (null or "" or "machine" or "chinese")) return LeadProblems.UnknownHeaders.ToResult();
        var machine = headers == "machine";
        if (audience is not (null or "all" or "marketing"))
            return LeadProblems.UnknownAudience.ToResult();
        var clear = unmasked == true;
        if (clear && !LeadAdminEndpoints.IsCompliance(http.User))
            return LeadProblems.UnmaskedForCompliance.ToResult();
        if ((clear || reason is not null) && LeadAdminEndpoints.ReasonProblem(reason) is { } reasonProblem) return reasonProblem;

        var (searched, refused) = await LeadPhoneSearch.ApplyAsync(search, search.Filter, http, phones, audit, ct);
        if (refused is not null) return refused;
        var filter = audience == "marketing" ? searched with { Consent = LeadQuery.ConsentMarketing } : searched;
        var target = "leads?" + filter.Describe() + (audience == "marketing" ? ";audience=marketing" : "");
        var started = await audit.AppendAsync(
            http,
            new AuditRecord(clear ? AuditActions.ExportUnmasked : AuditActions.ExportMasked, target, 0, reason?.Trim()),
            ct);

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"leads-{started.At:yyyyMMdd-HHmmss}.csv\"";
        var rows = 0;
        var completed = false;
        try
        {
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024);
            await writer.WriteLineAsync(machine
                ? "id,campaign,phone,channel,source,store,marketing_consent,created_at_utc"
                : "编号,活动,手机号,渠道,来源,门店,营销同意,参与时间（北京时间）");
            await foreach (var row in LeadQuery.Search(db, filter).AsAsyncEnumerable().WithCancellation(ct))
            {
                var phone = clear ? phones.Decrypt(row.PhoneCipher) : phones.MaskStored(row.PhoneCipher);
                await writer.WriteLineAsync(machine
                    ? string.Join(',', Cell(row.Id), Cell(row.Campaign), Cell(phone), Cell(row.Channel), Cell(row.Source),
                        Cell(row.Store), row.MarketingConsent ? "yes" : "no", row.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))
                    : string.Join(',', Cell(row.Id), Cell(row.Campaign), Cell(phone), row.Channel == "miniprogram" ? "小程序" : "H5",
                        Cell(row.Source is null ? null : Campaigns.SourceNames.Name(row.Source)), Cell(row.Store), row.MarketingConsent ? "是" : "否",
                        ChinaTime.Format(row.CreatedAt, "yyyy-MM-dd HH:mm:ss")));
                if (++rows % FlushEvery == 0) await writer.FlushAsync(ct);
            }
            completed = true;
        }
        finally
        {
            // The act was recorded before the first row left; this says how many rows did, even when the
            // download was cut off half-way.
            await audit.AppendAsync(http, new AuditRecord(AuditActions.ExportFinished, $"export:{started.Sequence}", rows, completed ? "completed" : "aborted"),
                CancellationToken.None);
        }
        return Results.Empty;
    }

    /// <summary>RFC 4180 quoting, and no formula injection: a cell a spreadsheet would evaluate is prefixed.</summary>
    internal static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (StartsFormula(value)) value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>
    /// Spreadsheets skip leading blanks before a formula (" =1" is evaluated in Excel and LibreOffice) and
    /// some (WPS, Excel with an East Asian IME) read the full-width ＝＋－＠ as their ASCII twins.
    /// </summary>
    private static bool StartsFormula(string value)
    {
        if (value[0] is '\t' or '\r' or '\n') return true;
        var first = value.AsSpan().TrimStart(" \u00A0\u3000");
        return !first.IsEmpty && first[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n' or '\uFF1D' or '\uFF0B' or '\uFF0D' or '\uFF20';
    }
}
