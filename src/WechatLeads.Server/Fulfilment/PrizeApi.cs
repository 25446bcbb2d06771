using Microsoft.AspNetCore.Http.HttpResults;
using WechatLeads.Server.CampaignConsole;
using WechatLeads.Server.Participation;
using WechatLeads.Server.Platform.Identity;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Security;

namespace WechatLeads.Server.Fulfilment;

/// <summary>
/// The mini-program's 我的奖品: <c>GET /api/me/prizes</c> and <c>POST /api/me/prizes/{id}/address</c>, the same
/// rules as the H5 page. <c>agree</c> must be true: the app shows the same delivery-purpose text before it.
/// </summary>
internal static class PrizeApi
{
    public sealed record PrizeItem(
        string Id, string Campaign, string Prize, string State, string StateText, DateTime ClaimBy, string? Method, string? PickupStore,
        string? PickupStoreName, string? PickupCode, DeliveryAddress? Address, string? Carrier, string? TrackingNumber, DateTime WonAt);

    public sealed record AddressInput(string? Method, string? Name, string? Phone, string? Address, string? Store, bool Agree);

    public static void MapPrizeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/me/prizes").WithTags("Data rights").RequireAuthorization(ParticipationEndpoints.ParticipantPolicy)
            .AddEndpointFilter(CookieCallerAntiforgery.Require);
        api.MapGet("/", ListAsync).WithName("MyPrizes").WithSummary("The signed-in person's physical prizes: state, claim deadline, tracking once shipped.");
        api.MapPost("/{id}/address", ClaimAsync).LimitBody(4096).WithName("MyPrizeAddress")
            .WithSummary("Where a won prize goes: delivery (name, phone, address; encrypted, kept until delivery + Fulfilment:AddressRetentionDays) or " +
                "pickup at a store. Records a delivery consent.");
    }

    private static async Task<Ok<List<PrizeItem>>> ListAsync(HttpContext http, MyPrizes prizes, CancellationToken ct) =>
        TypedResults.Ok((await prizes.ListAsync(Participant.From(http.User)!.SubjectKey, ct)).Select(Item).ToList());

    private static PrizeItem Item(MyPrizes.PrizeView p) => new(p.Id, p.Campaign, p.Prize, p.State, p.StateText, p.ClaimBy, p.Method, p.PickupStore,
        p.PickupStoreName, p.Method == FulfilmentMethods.Pickup ? PrizePages.ShortCode(p.Id) : null, p.Address, p.Carrier, p.TrackingNumber, p.WonAt);

    private static async Task<Results<Ok<PrizeItem>, ProblemHttpResult>> ClaimAsync(
        string id, AddressInput body, HttpContext http, MyPrizes prizes, CancellationToken ct)
    {
        var who = Participant.From(http.User)!;
        if (!body.Agree) return FulfilmentProblems.AgreementRequired.ToResult();
        var (outcome, problem) = await prizes.ClaimAsync(who, id, new MyPrizes.ClaimInput(body.Method, body.Name, body.Phone, body.Address, body.Store),
            http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent, ct);
        return outcome switch
        {
            MyPrizes.Outcome.Saved => TypedResults.Ok(Item((await prizes.FindAsync(who.SubjectKey, id, ct))!)),
            MyPrizes.Outcome.NotFound => FulfilmentProblems.PrizeNotFound.ToResult(),
            MyPrizes.Outcome.Invalid => FulfilmentProblems.InvalidAddress(problem!).ToResult(),
            _ => FulfilmentProblems.ClaimClosed.ToResult(),
        };
    }
}
