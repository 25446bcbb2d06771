namespace WechatLeads.Server.Privacy;

/// <summary>
/// Which campaigns point at which notice version, answered by the campaigns (they hold the reference), so the
/// notices need not know what a campaign is.
/// </summary>
internal interface IPolicyUsage
{
    /// <summary>Campaign slugs by the notice version each is under.</summary>
    Task<ILookup<string, string>> CampaignsByVersionAsync(CancellationToken cancellationToken);
}
