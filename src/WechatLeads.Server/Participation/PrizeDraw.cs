using System.Security.Cryptography;

namespace WechatLeads.Server.Participation;

/// <summary>
/// Picks a prize by weight with a cryptographic RNG (a predictable draw can be gamed). Inventory is not
/// consulted here: the write takes the prize with a conditional update, and a prize already gone turns
/// into 谢谢参与 — the published odds never shift toward the prizes that are left.
/// </summary>
public static class PrizeDraw
{
    public static long? Pick(IReadOnlyList<PrizeSnapshot> prizes, int noWinWeight)
    {
        var total = noWinWeight + prizes.Sum(p => p.Weight);
        if (total <= 0) return null;
        var roll = RandomNumberGenerator.GetInt32(total);
        foreach (var prize in prizes)
        {
            if (roll < prize.Weight) return prize.Id;
            roll -= prize.Weight;
        }
        return null;
    }
}
