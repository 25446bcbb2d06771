namespace WechatLeads.Server.DataRights;

/// <summary>What <see cref="DataRequestsPage"/> shows: the report's default period and the data-subject requests.</summary>
/// <param name="FromDay">The evidence report's default start, a China date (yyyy-MM-dd).</param>
public sealed record DataRequestsView(string FromDay, string ToDay, int RecentAnswered, IReadOnlyList<DataRequestRow> Requests);

/// <param name="Received">Beijing time, to the minute, as are the other times.</param>
/// <param name="CanAnswer">An access request whose copy was downloaded: Compliance confirms nothing else was asked.</param>
public sealed record DataRequestRow(
    string Id, string Type, string Channel, string Received, string Due, string Status, string Completed, bool Overdue, bool CanAnswer);
