using WechatLeads.Server.Data;

namespace WechatLeads.Server.Coupons;

/// <summary>
/// A redemption, applied by the group-commit writer: the idempotency key is looked up inside the same
/// transaction (so a retry that arrives with the first in one batch still gets the first answer), then the
/// conditional update decides — of any number of tills racing for the coupon, one matches.
/// </summary>
internal sealed class RedeemWrite(Coupon coupon, RedeemInput input, StoreCaller caller, string idempotencyKey, string requestHash, string? ip) : IDurableWrite
{
    public enum Status { Redeemed, Replayed, KeyReused, NotRedeemable }

    public Status Result { get; private set; }
    public string? RedemptionId { get; private set; }
    public DateTime At { get; private set; }

    public async Task ApplyAsync(WriteBatch batch, CancellationToken ct)
    {
        var earlier = await batch.RowAsync(CouponSql.FindByIdempotencyKey, r => new[] { r.GetString(0), r.GetString(1) }, ct, caller.Name, idempotencyKey);
        if (earlier is not null)
        {
            (Result, RedemptionId) = earlier[1] == requestHash ? (Status.Replayed, earlier[0]) : (Status.KeyReused, null);
            return;
        }
        var id = Data.Ids.New();
        if (await batch.ExecuteAsync(CouponSql.Redeem, ct, coupon.Id, batch.Now, input.Store, id) == 0)
        {
            Result = Status.NotRedeemable;
            return;
        }
        await batch.ExecuteAsync(CouponSql.InsertRedemption, ct, id, coupon.Id, coupon.CampaignId, input.Store, caller.Name, caller.Channel,
            input.OrderId, input.Amount, idempotencyKey, requestHash, batch.Now, ip);
        (Result, RedemptionId, At) = (Status.Redeemed, id, batch.Now);
    }
}

/// <summary>Reverses a redemption inside the window; a second reversal of the same one changes nothing.</summary>
internal sealed class ReverseWrite(Redemption redemption, StoreCaller caller, DateTime earliest) : IDurableWrite
{
    public bool Reversed { get; private set; }

    public async Task ApplyAsync(WriteBatch batch, CancellationToken ct)
    {
        if (await batch.ExecuteAsync(CouponSql.Reverse, ct, redemption.Id, batch.Now, caller.Name, earliest) == 0) return;
        await batch.ExecuteAsync(CouponSql.Unredeem, ct, redemption.CouponId, redemption.Id);
        Reversed = true;
    }
}
