using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.H5;
using WechatLeads.Server.MiniProgram;
using WechatLeads.Server.Platform.Identity;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Security;

namespace WechatLeads.Server.Participation;

/// <summary>The JSON API the mini-program (and any H5 script) uses to read a campaign and join it.</summary>
internal static partial class ParticipationEndpoints
{
    public const string ParticipantPolicy = "Participant";

    /// <summary><c>{"code":"…"}</c> is under 100 bytes.</summary>
    public const int LoginBodyBytes = 1024;

    /// <summary>
    /// The largest real body carries the legacy <c>encryptedData</c> (a few hundred base64 characters) and
    /// <c>iv</c> beside two consents, a phone code, source and store: about 1 KB. 8 KB leaves room, not 30 MB.
    /// </summary>
    public const int ParticipationBodyBytes = 8 * 1024;

    public sealed record LoginRequest(string? Code);

    public sealed record LoginResponse(string Token, DateTime ExpiresAt);

    public sealed record PolicyInfo(string Version, string Hash, string Url, string Title);

    public sealed record CampaignInfo(
        string Slug, string Type, string Title, string Description, DateTime StartsAt, DateTime EndsAt, string Status,
        IReadOnlyList<string> Purposes, PolicyInfo Privacy, IReadOnlyList<PrizeInfo> Prizes, int DrawsPerDay, int DrawsTotal,
        string PhoneVerification, RulesInfo? Rules = null, string? Organiser = null, string? ComplaintContact = null,
        AvailabilityInfo? Availability = null);

    /// <summary>Whether taking part is possible now: <c>open</c>, <c>not_started</c>, <c>paused</c>, <c>ended</c> or <c>sold_out</c>, with the words to
    /// show.</summary>
    public sealed record AvailabilityInfo(string State, string? Title, string? Text);

    /// <param name="Probability">The chance of winning it per draw (weight over all weights and 谢谢参与), as announced.</param>
    public sealed record PrizeInfo(
        string Name, int Remaining, string? Kind = null, decimal? ValueYuan = null, int? Quantity = null, decimal? Probability = null,
        string? ProbabilityText = null, string? Terms = null, string? Pace = null);

    /// <summary>The announced rules (活动规则): the version drawn under now, its SHA-256 and the page a person can keep.</summary>
    public sealed record RulesInfo(int Version, string Sha256, string Url);

    public static void MapParticipationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Participation");
        api.MapPost("/mp/login", LoginAsync).WithName("MiniProgramLogin")
            .WithSummary("Exchange a wx.login code for a session token (the WeChat session_key stays on the server).")
            .RequireRateLimiting(RateLimits.Logins).LimitBody(LoginBodyBytes)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(413).ProducesProblem(429).ProducesProblem(503);
        api.MapGet("/campaigns/{slug}", GetCampaignAsync).WithName("GetCampaign")
            .WithSummary("Public campaign information and the privacy notice to consent to (version, hash, URL, purposes).")
            .RequireRateLimiting(RateLimits.H5Pages).ProducesProblem(404).ProducesProblem(429);
        api.MapPost("/campaigns/{slug}/participations", ParticipateAsync).WithName("Participate")
            .WithSummary("Join a campaign with consents and a phone number; returns the coupon or draw outcome.")
            .RequireAuthorization(ParticipantPolicy).LimitParticipation(html: false).LimitBody(ParticipationBodyBytes)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(404).ProducesProblem(409).ProducesProblem(413).ProducesProblem(422).ProducesProblem(429);
    }

    private static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest body, MiniProgramSessions sessions, Security.RefusalLog refusals, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Code) || body.Code.Length > 128)
            return ParticipationProblem.LoginCodeRequired.ToResult();
        if (!WechatApi.WechatCodes.IsWellFormed(body.Code))
        {
            // Not a code WeChat could have issued: refused without asking WeChat (each call spends the account's quota).
            refusals.Refused(MiniProgramSessions.RefusedKind, "malformed");
            return ParticipationProblem.LoginCodeMalformed.ToResult();
        }
        var login = await sessions.LoginAsync(body.Code, ct);
        return login is null
            ? ParticipationProblem.LoginCodeInvalid.ToResult()
            : TypedResults.Ok(new LoginResponse(login.Token, login.ExpiresAt));
    }

    private static async Task<Results<Ok<CampaignInfo>, ProblemHttpResult>> GetCampaignAsync(
        string slug, string? source, CampaignCatalog catalog, Attribution attribution, ViewCounter views, PhoneVerificationModes phoneModes,
        CampaignAvailabilityCheck availability, CancellationToken ct)
    {
        var entry = await catalog.GetAsync(slug, ct);
        if (entry is null) return ParticipationProblem.CampaignNotFound.ToResult();
        views.Count(entry.Campaign.Id, await attribution.SourceAsync(entry.Campaign, source, ct)); // the mini-program's landing view
        var c = entry.Campaign;
        return TypedResults.Ok(new CampaignInfo(c.Slug, c.Type, c.Title, c.Description, c.StartsAt, c.EndsAt, c.Status,
            c.Purposes.Split(','), new PolicyInfo(entry.Policy.Version, entry.Policy.ContentHash, $"/privacy/{entry.Policy.Version}", entry.Policy.Title),
            c.Prizes.OrderBy(p => p.Position).Select(p => Prize(p, entry.Rules?.Document.Prizes.SingleOrDefault(r => r.Id == p.Id))).ToList(),
            c.DrawsPerDay, c.DrawsTotal,
            await phoneModes.ModeAsync(c, ct), // "sms": skip the getPhoneNumber button today, ask for phone + smsCode
            entry.Rules is { } rules ? new RulesInfo(rules.Version.Version, rules.Version.Sha256, rules.Url) : null,
            entry.Rules?.Document.Organiser, entry.Rules?.Document.ComplaintContact,
            await availability.OfAsync(c, ct) is { IsOpen: false } closed
                ? new AvailabilityInfo(closed.State, closed.Title, closed.Text)
                : new AvailabilityInfo(CampaignAvailability.Open.State, null, null)));
    }

    private static PrizeInfo Prize(Prize p, DrawRules.RulesPrize? announced) => announced is null
        ? new PrizeInfo(p.Name, p.Remaining)
        : new PrizeInfo(p.Name, p.Remaining, announced.Kind, announced.ValueYuan, announced.Quantity, announced.Probability,
            DrawRules.RulesDocument.Percent(announced.Probability), announced.Terms, announced.Pace);

    private static async Task<IResult> ParticipateAsync(
        string slug, ParticipationInput body, HttpContext http, ParticipationService participation,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey)
    {
        var who = Participant.From(http.User)!;
        if (idempotencyKey is not null && !IdempotencyKeyPattern().IsMatch(idempotencyKey)) return ParticipationProblem.BadIdempotencyKey.ToResult();
        try
        {
            var result = await participation.ParticipateAsync(slug, who, body, "api:" + (idempotencyKey ?? Data.Ids.New()),
                http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent, http.RequestAborted);
            return result.Replayed ? TypedResults.Ok(result) : TypedResults.Created($"/api/campaigns/{slug}/participations/{result.ParticipationId}", result);
        }
        catch (ApiProblemException refused)
        {
            return refused.Problem.ToResult();
        }
    }


    [GeneratedRegex("^[A-Za-z0-9_-]{8,64}$")]
    private static partial Regex IdempotencyKeyPattern();
}
