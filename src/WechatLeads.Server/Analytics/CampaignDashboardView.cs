using WechatLeads.Server.Anomalies;

namespace WechatLeads.Server.Analytics;

/// <summary>What <see cref="CampaignDashboardPage"/> shows: the campaign's report (as the API answers it) and its draw activity.</summary>
/// <param name="ChartJson">The figures the ECharts script draws (<see cref="Charts.DashboardCharts"/>).</param>
public sealed record CampaignDashboardView(CampaignReport Report, ActivityReport Activity, IReadOnlyList<AnomalyAlert> Alerts, string ChartJson);
