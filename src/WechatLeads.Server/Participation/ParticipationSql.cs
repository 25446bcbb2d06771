namespace WechatLeads.Server.Participation;

/// <summary>
/// The participation's own statements: its savepoint. What it writes belongs to the tables' folders —
/// <see cref="Leads.LeadSql"/>, <see cref="Campaigns.PrizeSql"/>, <c>Coupons/CouponSql</c>, <c>Pacing/PaceSql</c>.
/// </summary>
internal static class ParticipationSql
{
    // A participation's savepoint: one at a time, always released (or rolled back to and released) before the next.
    public const string Savepoint = "SAVEPOINT participation";
    public const string ReleaseSavepoint = "RELEASE SAVEPOINT participation";
    public const string RollBackToSavepoint = "ROLLBACK TO SAVEPOINT participation";
}
