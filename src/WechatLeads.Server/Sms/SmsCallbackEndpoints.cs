using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Security;
using WechatLeads.Sms;
using WechatLeads.Sms.Aliyun;
using WechatLeads.Sms.Tencent;

namespace WechatLeads.Server.Sms;

/// <summary>
/// The providers' pushes: delivery receipts (回执) and replies (上行). Neither provider signs them, so each URL
/// carries <c>Sms:CallbackToken</c> (compared in constant time; a wrong one is 404 and touches nothing), may be
/// limited to <c>Sms:CallbackAllowedIps</c>, is rate-limited per address and its body capped. Every item is
/// applied once (de-dup table), everything is committed before the provider is answered, and neither numbers
/// nor bodies are logged.
/// </summary>
internal static class SmsCallbackEndpoints
{
    /// <summary>A Tencent status push holds up to about 100 reports of ~300 bytes; Aliyun batches similarly.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static WebApplication MapSmsCallbacks(this WebApplication app)
    {
        var callbacks = app.MapGroup("/callbacks/sms").ExcludeFromDescription().RequireRateLimiting(SmsSetup.CallbackLimit)
            .AddEndpointFilter(async (context, next) => Authorised(context.HttpContext) ? await next(context) : Results.NotFound());
        callbacks.MapPost("/tencent/{token}/status", TencentStatusAsync).LimitBody(MaxBodyBytes);
        callbacks.MapPost("/tencent/{token}/reply", TencentReplyAsync).LimitBody(MaxBodyBytes);
        callbacks.MapPost("/aliyun/{token}/report", AliyunReportAsync).LimitBody(MaxBodyBytes);
        callbacks.MapPost("/aliyun/{token}/up", AliyunUpAsync).LimitBody(MaxBodyBytes);
        // Aliyun checks a callback URL with a GET before saving it in the console.
        callbacks.MapGet("/aliyun/{token}/report", () => Results.Text(AliyunSmsCallbacks.ConnectivityCheckAnswer, "application/json"));
        callbacks.MapGet("/aliyun/{token}/up", () => Results.Text(AliyunSmsCallbacks.ConnectivityCheckAnswer, "application/json"));
        return app;
    }

    private static async Task<IResult> TencentStatusAsync(HttpRequest request, SmsReceipts receipts, ILogger<SmsReceipts> logger, CancellationToken ct)
    {
        IReadOnlyList<TencentSmsStatusReport> reports;
        try { reports = TencentSmsCallbacks.ParseStatusReports(await BodyAsync(request, ct)); }
        catch (SmsCallbackFormatException e) { return Malformed(e); }
        var applied = await receipts.ApplyAsync(SmsOptions.TencentName, [.. reports.Select(r => new SmsReceipts.Receipt(
            SmsReceipts.Key("status", r.Sid!), r.Sid, r.Ext, r.Delivered, r.ErrMsg ?? r.Description))], ct);
        logger.LogInformation("Tencent SMS status push: {Reports} report(s), {Applied} applied", reports.Count, applied);
        return Results.Text(TencentSmsCallbacks.Ack, "application/json");
    }

    private static async Task<IResult> TencentReplyAsync(HttpRequest request, ISmsReplyHandler handler, Keys keys, CancellationToken ct)
    {
        TencentSmsReply reply;
        try { reply = TencentSmsCallbacks.ParseReply(await BodyAsync(request, ct)); }
        catch (SmsCallbackFormatException e) { return Malformed(e); }
        // A reply has no id: the number, time and text identify it (keyed, so the key does not reveal the number).
        if (reply.NationCode is null or "86" or "+86")
            await handler.HandleAsync(
                reply.Mobile!,
                reply.Text!,
                new SmsReplyKey(
                    SmsOptions.TencentName,
                    keys.ReplyKey(reply.Mobile!, reply.Time.ToString(System.Globalization.CultureInfo.InvariantCulture), reply.Text!)),
                ct);
        return Results.Text(TencentSmsCallbacks.Ack, "application/json");
    }

    private static async Task<IResult> AliyunReportAsync(HttpRequest request, SmsReceipts receipts, ILogger<SmsReceipts> logger, CancellationToken ct)
    {
        IReadOnlyList<AliyunSmsReport> reports;
        try { reports = AliyunSmsCallbacks.ParseSmsReport(await BodyAsync(request, ct)); }
        catch (SmsCallbackFormatException e) { return Malformed(e); }
        var applied = await receipts.ApplyAsync(SmsOptions.AliyunName, [.. reports.Select(r => new SmsReceipts.Receipt(
            SmsReceipts.Key("report", r.BizId!), r.BizId, r.OutId, r.Success, r.ErrCode ?? r.ErrMsg))], ct);
        logger.LogInformation("Aliyun SmsReport push: {Reports} report(s), {Applied} applied", reports.Count, applied);
        return Results.Text(AliyunSmsCallbacks.Ack, "application/json");
    }

    private static async Task<IResult> AliyunUpAsync(HttpRequest request, ISmsReplyHandler handler, Keys keys, CancellationToken ct)
    {
        IReadOnlyList<AliyunSmsUp> replies;
        try { replies = AliyunSmsCallbacks.ParseSmsUp(await BodyAsync(request, ct)); }
        catch (SmsCallbackFormatException e) { return Malformed(e); }
        foreach (var r in replies)
        {
            var key = r.SequenceId is { Length: > 0 } sequence
                ? SmsReceipts.Key("up", sequence)
                : keys.ReplyKey(r.PhoneNumber!, r.SendTime ?? "", r.Content!);
            await handler.HandleAsync(r.PhoneNumber!, r.Content!, new SmsReplyKey(SmsOptions.AliyunName, key), ct);
        }
        return Results.Text(AliyunSmsCallbacks.Ack, "application/json");
    }

    private static async Task<byte[]> BodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct); // at most MaxBodyBytes: RequestBodyCaps has read it already
        return buffer.ToArray();
    }

    // The parser's message names the field, never the content.
    private static IResult Malformed(SmsCallbackFormatException e) =>
        new ApiProblem(400, ProblemCodes.SmsCallbackMalformed, Ui.T("Malformed SMS callback."), e.Message).ToResult();

    private static bool Authorised(HttpContext http)
    {
        var o = http.RequestServices.GetRequiredService<IOptionsMonitor<SmsOptions>>().CurrentValue;
        var expected = o.CallbackToken.Trim();
        if (expected.Length < SmsOptionsValidation.MinCallbackTokenLength) return false; // no token: no callbacks at all
        var given = http.GetRouteValue("token") as string ?? "";
        // Hashes first: equal lengths, so the comparison takes the same time whatever was sent.
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected))))
            return false;
        if (o.CallbackAllowedIps.Length == 0) return true;
        var address = http.Connection.RemoteIpAddress;
        if (address is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return o.CallbackAllowedIps.Any(range => SmsOptionsValidation.TryParseRange(range, out var network) && network.Contains(address));
    }

    /// <summary>The key that identifies a reply without an id: keyed, so the stored key can't be turned back into the number.</summary>
    internal sealed class Keys(Keyring keyring)
    {
        private readonly byte[] _key = keyring.Derive("sms-reply-key-v1");

        public string ReplyKey(string phone, string time, string text) =>
            "reply:" + Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(phone + "\n" + time + "\n" + text)));
    }
}
