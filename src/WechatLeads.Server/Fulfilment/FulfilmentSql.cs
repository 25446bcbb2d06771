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
    public const string Create =
        "INSERT INTO \"PrizeFulfilments\" (\"Id\", \"CampaignId\", \"PrizeId\", \"LeadId\", \"SubjectKey\", \"State\", \"ClaimBy\", \"CreatedAt\") " +
        "VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7)";

    /// <summary>For a physical prize just won: the winner then has <see cref="PrizeSnapshot.ClaimDays"/> days to say where it goes.</summary>
    public static async Task CreateIfPhysicalAsync(
        WriteBatch batch, string participationId, long campaignId, PrizeSnapshot? prize, string leadId, string subjectKey, CancellationToken ct)
    {
        if (prize is not { Kind: Campaigns.PrizeKinds.Physical }) return;
        await batch.ExecuteAsync(Create, ct, participationId, campaignId, prize.Id, leadId, subjectKey, FulfilmentStates.AwaitingAddress,
            batch.Now.AddDays(prize.ClaimDays), batch.Now);
    }
}
