using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Platform.Identity;
using WechatLeads.Server.Security;

namespace WechatLeads.Server.TestSends;

/// <summary>Reads and records a staff member's test targets; the openid is sealed like any other personal value.</summary>
internal sealed class TestTargets(LeadsDbContext db, FieldCipher cipher, PhoneProtector phones, SubjectHasher hasher, TimeProvider time)
{
    private const string OpenIdPurpose = "staff-test-openid";

    /// <summary>The staff account's name as every account lookup normalises it.</summary>
    public static string KeyOf(string staffName) => Admin.StaffDirectory.Normalize(staffName);

    public Task<StaffTestTarget?> OfAsync(string staffName, CancellationToken ct) =>
        db.Set<StaffTestTarget>().AsNoTracking().SingleOrDefaultAsync(t => t.StaffName == KeyOf(staffName), ct);

    public string? OpenIdOf(StaffTestTarget target) => target.OpenIdCipher is null ? null : cipher.Decrypt(target.OpenIdCipher, OpenIdPurpose);

    public string? MaskedPhone(StaffTestTarget? target) => target?.PhoneCipher is null ? null : phones.MaskStored(target.PhoneCipher);

    /// <summary>The identity phone codes are asked and checked under: the staff member, never a follower.</summary>
    public Participant CodeAsker(string staffName) => new("staff:" + KeyOf(staffName), hasher.Hash("staff", KeyOf(staffName)), "console", null);

    public Task SetPhoneAsync(string staffName, PhoneNumber phone, CancellationToken ct) =>
        UpsertAsync(staffName, t => (t.PhoneCipher, t.PhoneVerifiedAt) = (phones.Encrypt(phone), time.GetUtcNow().UtcDateTime), ct);

    public Task SetOpenIdAsync(string staffName, string openId, CancellationToken ct) =>
        UpsertAsync(staffName, t => (t.OpenIdCipher, t.OpenIdBoundAt) = (cipher.Encrypt(openId, OpenIdPurpose), time.GetUtcNow().UtcDateTime), ct);

    private async Task UpsertAsync(string staffName, Action<StaffTestTarget> change, CancellationToken ct)
    {
        var key = KeyOf(staffName);
        var target = await db.Set<StaffTestTarget>().SingleOrDefaultAsync(t => t.StaffName == key, ct);
        if (target is null) db.Add(target = new StaffTestTarget { StaffName = key });
        change(target);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) when (db.Entry(target).State == EntityState.Added)
        {
            // The same person in two tabs at once: apply the change to the row the other made.
            db.ChangeTracker.Clear();
            target = await db.Set<StaffTestTarget>().SingleAsync(t => t.StaffName == key, ct);
            change(target);
            await db.SaveChangesAsync(ct);
        }
    }
}
