using System.Security.Cryptography;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Participation;

namespace WechatLeads.Server.DrawRules;

/// <summary>
/// Picks a prize by weight with a cryptographic RNG (a predictable draw can be gamed). Inventory is not
/// consulted here: the write takes the prize with a conditional update, and a prize already gone turns
/// into 谢谢参与 — the published odds never shift toward the prizes that are left. The random value is
/// kept with the participation, so anyone holding the rules version can work the outcome out again.
/// </summary>
internal static class PrizeDraw
{
    /// <summary>The random value drawn, out of <see cref="Total"/> (all weights + 谢谢参与), and the prize it fell on.</summary>
    public sealed record Roll(int Value, int Total, long? PrizeId);

    public static Roll? Draw(IReadOnlyList<PrizeSnapshot> prizes, int noWinWeight)
    {
        var total = noWinWeight + prizes.Sum(p => p.Weight);
        if (total <= 0) return null;
        var value = RandomNumberGenerator.GetInt32(total);
        return new Roll(value, total, Derive(prizes.Select(p => (p.Id, p.Weight)), value));
    }

    /// <summary>The prize a roll of <paramref name="value"/> falls on, prizes in their published order; null = 谢谢参与.</summary>
    public static long? Derive(IEnumerable<(long Id, int Weight)> prizes, int value)
    {
        foreach (var (id, weight) in prizes)
        {
            if (value < weight) return id;
            value -= weight;
        }
        return null;
    }
}
