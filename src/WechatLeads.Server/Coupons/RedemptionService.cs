namespace WechatLeads.Server.Coupons;

/// <summary>
/// Checking and redeeming coupons for the POS API and the staff page alike. (Contract first; the
/// implementation lands next.)
/// </summary>
public sealed class RedemptionService
{
    /// <summary>What staff see after scanning or typing, before confirming: usable, or exactly why not.</summary>
    public Task<CheckOutcome> CheckAsync(StoreCaller caller, RedeemInput input, CancellationToken ct) => throw new NotImplementedException();

    /// <summary>Redeems once: the same (caller, idempotency key) again gets the first answer back.</summary>
    public Task<RedeemOutcome> RedeemAsync(StoreCaller caller, RedeemInput input, string idempotencyKey, CancellationToken ct) => throw new NotImplementedException();

    /// <summary>Undoes a redemption within <c>Coupons:ReversalWindowMinutes</c>, by an account of the same store.</summary>
    public Task<(RedemptionView? Reversed, RedemptionProblem? Problem)> ReverseAsync(StoreCaller caller, string redemptionId, CancellationToken ct) =>
        throw new NotImplementedException();

    /// <summary>The store's own redemptions since a moment, newest first (masked phones).</summary>
    public Task<IReadOnlyList<RedemptionView>> ListAsync(StoreCaller caller, string store, DateTime since, CancellationToken ct) => throw new NotImplementedException();
}
