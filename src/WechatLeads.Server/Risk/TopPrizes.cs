namespace WechatLeads.Server.Risk;

/// <summary>
/// The prize table a risky player (rank 3, <see cref="RiskActions.Reduced"/>) draws from: the same table without
/// its top prize — the first one, as operators list a draw's prizes from the biggest down.
/// </summary>
internal static class TopPrizes
{
    public static IReadOnlyList<T> Without<T>(IReadOnlyList<T> prizes) => prizes.Count <= 1 ? [] : [.. prizes.Skip(1)];
}
