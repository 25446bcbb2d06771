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
        var earlier = await batch.RowAsync(CouponSql.FindByIdempotencyKey, new { RedeemedBy = caller.Name, IdempotencyKey = idempotencyKey },
            r => new[] { r.GetString(0), r.GetString(1) }, ct);
        if (earlier is not null)
        {
            (Result, RedemptionId) = earlier[1] == requestHash ? (Status.Replayed, earlier[0]) : (Status.KeyReused, null);
            return;
        }
        var id = Data.Ids.New();
        if (await batch.ExecuteAsync(CouponSql.Redeem, new { CouponId = coupon.Id, At = batch.Now, input.Store, RedemptionId = id }, ct) == 0)
        {
            Result = Status.NotRedeemable;
            return;
        }
        await batch.ExecuteAsync(CouponSql.InsertRedemption, new
        {
            Id = id,
            CouponId = coupon.Id,
            coupon.CampaignId,
            input.Store,
            RedeemedBy = caller.Name,
            caller.Channel,
            input.OrderId,
            input.Amount,
            IdempotencyKey = idempotencyKey,
            RequestHash = requestHash,
            CreatedAt = batch.Now,
            Ip = ip,
        }, ct);
        (Result, RedemptionId, At) = (Status.Redeemed, id, batch.Now);
    }
}

/// <summary>Reverses a redemption inside the window; a second reversal of the same one changes nothing.</summary>
internal sealed class ReverseWrite(Redemption redemption, StoreCaller caller, DateTime earliest) : IDurableWrite
{
    public bool Reversed { get; private set; }

    public async Task ApplyAsync(WriteBatch batch, CancellationToken ct)
    {
        var reverse = new { RedemptionId = redemption.Id, At = batch.Now, By = caller.Name, Earliest = earliest };
        if (await batch.ExecuteAsync(CouponSql.Reverse, reverse, ct) == 0) return;
        await batch.ExecuteAsync(CouponSql.Unredeem, new { redemption.CouponId, RedemptionId = redemption.Id }, ct);
        Reversed = true;
    }
}
