using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Participation;

namespace WechatLeads.Server.Fulfilment;

/// <summary>
/// The fulfilment statement run inside the group-commit writer with its participation, in the same
/// savepoint: a refused participation leaves no fulfilment, a won physical prize always has one.
/// </summary>
internal static class FulfilmentSql
{
    private const string Create =
        """
        INSERT INTO "PrizeFulfilments" ("Id", "CampaignId", "PrizeId", "LeadId", "SubjectKey", "State", "ClaimBy", "CreatedAt")
        VALUES (@Id, @CampaignId, @PrizeId, @LeadId, @SubjectKey, @State, @ClaimBy, @CreatedAt)
        """;

    /// <summary>
    /// For a physical prize just won: the winner then has <see cref="PrizeSnapshot.ClaimDays"/> days to say where it goes.
    /// Deferred (nothing waits on it), still inside the participation's savepoint.
    /// </summary>
    public static void CreateIfPhysical(WriteBatch batch, string participationId, long campaignId, PrizeSnapshot? prize, string leadId, string subjectKey)
    {
        if (prize is not { Kind: Campaigns.PrizeKinds.Physical }) return;
        batch.Defer(Create, new
        {
            Id = participationId,
            CampaignId = campaignId,
            PrizeId = prize.Id,
            LeadId = leadId,
            SubjectKey = subjectKey,
            State = FulfilmentStates.AwaitingAddress,
            ClaimBy = batch.Now.AddDays(prize.ClaimDays),
            CreatedAt = batch.Now,
        });
    }
}
