using System.Text.RegularExpressions;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Stores;

namespace WechatLeads.Server.Campaigns;

/// <summary>
/// Where a visit or a lead came from, as the operator configured it. <c>src</c>/<c>source</c> arrive from
/// anyone's URL: kept as sent, every made-up value became its own row (a landing-view row per value, a
/// lead's Source the attacker chose). So a value is kept only when the campaign knows it — one of its
/// <see cref="Campaign.Sources"/> (or <see cref="DefaultSources"/>), <see cref="StoreSource"/>, or the
/// scene of one of its store QR codes — and everything else counts as <see cref="Other"/>: the set of
/// values, and so the rows they can make, is bounded by configuration.
/// </summary>
internal sealed partial class Attribution(StoreDirectory stores)
{
    public const string Other = "other";

    /// <summary>What the app's own store QR replies put in <c>src</c> (the store itself is in <c>store</c>): always known.</summary>
    public const string StoreSource = "store";

    public const int MaxSources = 32;
    public const int MaxSourceLength = 32;

    /// <summary>The sources of a campaign that lists none: the usual places a WeChat campaign link is put.</summary>
    public static readonly IReadOnlyList<string> DefaultSources = ["menu", "welcome", "article", "qrcode", "poster", "ad", "share", "sms"];

    /// <summary>The attributed source: null when none was given, a known value, or <see cref="Other"/>.</summary>
    public async ValueTask<string?> SourceAsync(Campaign campaign, string? source, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(source)) return null;
        var value = source.Trim();
        if (value.Equals(StoreSource, StringComparison.OrdinalIgnoreCase)) return StoreSource;
        foreach (var known in campaign.KnownSources())
            if (value.Equals(known, StringComparison.OrdinalIgnoreCase)) return known;
        // A mini-program code for a store carries the store's scene as its source.
        if (value.Length <= 64 && (await stores.StoresAsync(campaign.Id, cancellationToken)).ContainsKey(value)) return value;
        return Other;
    }

    /// <summary>What is wrong with a campaign's list of sources, or null.</summary>
    public static string? Problem(IReadOnlyList<string>? sources)
    {
        if (sources is null) return null;
        if (sources.Count > MaxSources || sources.Any(s => s is null || !SourcePattern().IsMatch(s) || s is Other or StoreSource)
            || sources.Count != sources.Distinct(StringComparer.Ordinal).Count())
            return Ui.T("sources must be at most {0} distinct names of 1-{1} lower-case letters, digits, '-' or '_' (not '{2}' or '{3}', which are built in).",
                MaxSources, MaxSourceLength, Other, StoreSource);
        return null;
    }

    /// <summary>The stored form: comma-separated, empty for the defaults.</summary>
    public static string Join(IReadOnlyList<string>? sources) => sources is null ? "" : string.Join(',', sources);

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]{0,31}\z")]
    private static partial Regex SourcePattern();
}
