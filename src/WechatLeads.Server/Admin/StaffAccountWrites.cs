using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Admin;

/// <summary>Every change to a <see cref="StaffAccount"/> goes through here, so every change ends the sessions made before it.</summary>
internal static class StaffAccountWrites
{
    /// <summary>Applies <paramref name="change"/> with a new security stamp; the account as it now is.</summary>
    public static async Task<StaffIdentity> ChangeAsync(LeadsDbContext db, long id, TimeProvider time, Action<StaffAccount> change, CancellationToken ct)
    {
        var account = await db.Set<StaffAccount>().SingleAsync(a => a.Id == id, ct);
        change(account);
        account.SecurityStamp = StaffAccountRules.NewSecurityStamp();
        account.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return StaffDirectory.Of(account);
    }
}
