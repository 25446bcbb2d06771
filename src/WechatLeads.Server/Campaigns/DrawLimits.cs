using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Risk;
using WechatLeads.Server.Security;

namespace WechatLeads.Server.Campaigns;

/// <summary>
/// A draw's limits beyond one per person and per number (<c>draw.limits</c> in the campaign definition): draws
/// per client address and per /24 (IPv6 /64) segment a day, per device a day (when the mini-program reports
/// one), and per store QR code in a window of minutes. Null = no such limit.
/// </summary>
internal sealed record DrawLimits
{
    public int? PerAddressPerDay { get; init; }
    public int? PerSegmentPerDay { get; init; }
    public int? PerDevicePerDay { get; init; }
    public int? PerStorePerWindow { get; init; }
    public int StoreWindowMinutes { get; init; } = 10;

    public bool Any => PerAddressPerDay is not null || PerSegmentPerDay is not null || PerDevicePerDay is not null || PerStorePerWindow is not null;

    public IEnumerable<string> Problems()
    {
        foreach (var (name, value) in new[] { (
            "perAddressPerDay",
            PerAddressPerDay), ("perSegmentPerDay", PerSegmentPerDay), ("perDevicePerDay", PerDevicePerDay),
                     ("perStorePerWindow", PerStorePerWindow) })
            if (value is < 1 or > 1_000_000) yield return Ui.T("draw.limits.{0} must be 1-1,000,000 (or absent).", name);
        if (StoreWindowMinutes is < 1 or > 1440) yield return Ui.T("draw.limits.storeWindowMinutes must be 1-1440.");
    }

    /// <summary>
    /// The counters this draw moves, each with the window it counts in and its limit. Addresses and devices are
    /// kept only as keyed hashes (no address in the counters table).
    /// </summary>
    public IReadOnlyList<ExtraLimit> For(string? ip, string? deviceId, string? store, DateTime now, SubjectHasher hasher)
    {
        var day = ChinaTime.DayNumber(now);
        var limits = new List<ExtraLimit>();
        if (ip is not null && PerAddressPerDay is { } perAddress) limits.Add(new("a:" + hasher.Hash("ip", ip), day, perAddress, LimitReasons.Address));
        if (ip is not null && PerSegmentPerDay is { } perSegment)
            limits.Add(new("n:" + hasher.Hash("segment", NetworkSegments.Of(ip)), day, perSegment, LimitReasons.Segment));
        if (!string.IsNullOrEmpty(deviceId) && PerDevicePerDay is { } perDevice)
            limits.Add(new("d:" + hasher.Hash("device", deviceId), day, perDevice, LimitReasons.Device));
        if (!string.IsNullOrEmpty(store) && PerStorePerWindow is { } perStore)
            limits.Add(new(
                "st:" + hasher.Hash("store", store),
                (int)(now.Ticks / TimeSpan.TicksPerMinute / StoreWindowMinutes % int.MaxValue),
                perStore,
                LimitReasons.Store));
        return limits;
    }
}

/// <summary>One counter of a draw: key, the window (China day, or store window number), the limit, and the refusal code.</summary>
internal sealed record ExtraLimit(string Key, int Window, int Limit, string Reason);

internal static class LimitReasons
{
    public const string Address = ProblemCodes.LimitAddress;
    public const string Segment = ProblemCodes.LimitSegment;
    public const string Device = ProblemCodes.LimitDevice;
    public const string Store = ProblemCodes.LimitStore;
}
