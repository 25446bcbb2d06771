using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Participation;
using WechatLeads.Server.Platform.Identity;

namespace WechatLeads.Server.SubscribeMessages;

/// <summary>
/// <c>POST /api/subscriptions {templateId, result}</c>: what the mini-program reports after
/// <c>wx.requestSubscribeMessage</c>, and <c>GET /api/subscriptions</c>: how many notices of each kind may still
/// be sent to the signed-in person. Only for mini-program sessions and only for configured templates.
/// </summary>
internal static class SubscriptionEndpoints
{
    public sealed record Answer(string? TemplateId, string? Result);

    public sealed record Open(string Purpose, string TemplateId, int OpenGrants);

    public static IEndpointRouteBuilder MapSubscriptions(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/subscriptions").WithTags("Subscribe messages").RequireAuthorization(ParticipationEndpoints.ParticipantPolicy);
        api.MapPost("/", RecordAsync).WithName("RecordSubscription")
            .WithSummary("Records the person's answer to a subscription popup (accept, reject, ban or filter) for one configured template.");
        api.MapGet("/", ListAsync).WithName("ListSubscriptions").WithSummary("Open accepts per notice for the signed-in mini-program user.");
        return app;
    }

    private static async Task<Results<Created<Open>, ProblemHttpResult>> RecordAsync(
        Answer body, HttpContext http, DurableWriteQueue writes, IOptionsMonitor<SubscribeMessageOptions> options, LeadsDbContext db, CancellationToken ct)
    {
        var who = Participant.From(http.User)!;
        if (who.Channel != CampaignChannels.MiniProgram)
            return SubscriptionProblems.NotMiniProgram.ToResult();
        var purpose = options.CurrentValue.Templates.FirstOrDefault(t => t.Value.TemplateId == body.TemplateId).Key;
        if (string.IsNullOrEmpty(body.TemplateId) || purpose is null)
            return SubscriptionProblems.UnknownTemplate.ToResult();
        var result = body.Result?.Trim().ToLowerInvariant() ?? "";
        if (!SubscriptionStatuses.All.Contains(result))
            return SubscriptionProblems.InvalidResult.ToResult();

        await writes.SubmitAsync(
            null,
            [new RecordSubscriptionAnswer(who.SubjectKey, who.OpenId, body.TemplateId, result, SubscriptionSources.Api, options.CurrentValue.MaxOpenGrants)],
            ct);
        var open = await OpenCountAsync(db, who.SubjectKey, body.TemplateId, ct);
        return TypedResults.Created("/api/subscriptions", new Open(purpose, body.TemplateId, open));
    }

    private static async Task<Ok<List<Open>>> ListAsync(
        HttpContext http,
        IOptionsMonitor<SubscribeMessageOptions> options,
        LeadsDbContext db,
        CancellationToken ct)
    {
        var who = Participant.From(http.User)!;
        var list = new List<Open>();
        foreach (var (purpose, template) in options.CurrentValue.Templates.Where(t => t.Value.TemplateId is not null))
            list.Add(new Open(purpose, template.TemplateId!, await OpenCountAsync(db, who.SubjectKey, template.TemplateId!, ct)));
        return TypedResults.Ok(list);
    }

    private static Task<int> OpenCountAsync(LeadsDbContext db, string subjectKey, string templateId, CancellationToken ct) =>
        db.Set<SubscriptionGrant>()
            .CountAsync(g => g.SubjectKey == subjectKey && g.TemplateId == templateId && g.Status == SubscriptionStatuses.Accept && g.SpentAt == null, ct);

    public static bool LooksLikeOpenId(string value) =>
        value.Length is >= 6 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
