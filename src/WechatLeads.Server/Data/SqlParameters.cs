using System.Collections.Concurrent;
using System.Reflection;

namespace WechatLeads.Server.Data;

/// <summary>
/// The values of a raw statement, named: the statement says <c>@CampaignId</c> and the caller passes
/// <c>new { CampaignId = … }</c>, so a reader matches each value to its column without counting to 13.
/// The property list of each argument type is read once and cached (an anonymous type is one per call site).
/// </summary>
internal static class SqlParameters
{
    private static readonly ConcurrentDictionary<Type, Parameter[]> Cache = new();

    internal readonly record struct Parameter(string Name, PropertyInfo Property);

    /// <summary>One parameter per public property of <paramref name="arguments"/>'s type: <c>@</c> + the property name.</summary>
    public static Parameter[] Of(object arguments) =>
        Cache.GetOrAdd(arguments.GetType(), type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => new Parameter("@" + p.Name, p)).ToArray());
}
