namespace WechatLeads.Server.Coupons;

/// <summary>
/// Run once by the <c>CouponWallet</c> migration: coupons handed out before the wallet existed become
/// wallet rows (valid until the date they were shown), and prizes get the kind and validity they had
/// implicitly — codes meant a coupon valid for the campaign's days, no codes meant a prize staff hand over.
/// Plain SQL both databases run.
/// </summary>
internal static class CouponBackfill
{
    public static readonly string[] Statements =
    [
        "UPDATE \"Prizes\" SET \"Kind\" = CASE WHEN \"CouponPoolId\" IS NULL THEN 'physical' ELSE 'coupon' END, " +
        "\"ValidDays\" = (SELECT c.\"CouponValidDays\" FROM \"Campaigns\" c WHERE c.\"Id\" = \"Prizes\".\"CampaignId\")",
        "INSERT INTO \"Coupons\" (\"Id\", \"CampaignId\", \"PrizeId\", \"LeadId\", \"SubjectKey\", \"CodeId\", \"Code\", \"State\", \"IssuedAt\", " +
        "\"ValidFrom\", \"ValidUntil\", \"Stores\", \"RedeemHours\") " +
        "SELECT p.\"Id\", p.\"CampaignId\", p.\"PrizeId\", p.\"LeadId\", p.\"SubjectKey\", cc.\"Id\", cc.\"Code\", 'issued', p.\"CreatedAt\", " +
        "p.\"CreatedAt\", COALESCE(p.\"CouponExpiresAt\", p.\"CreatedAt\"), '', '' " +
        "FROM \"Participations\" p JOIN \"CouponCodes\" cc ON cc.\"ParticipationId\" = p.\"Id\"",
    ];
}
