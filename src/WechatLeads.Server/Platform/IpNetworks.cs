using IPNetwork = System.Net.IPNetwork;

namespace WechatLeads.Server.Platform;

internal static class IpNetworks
{
    /// <summary>An address (one host) or a CIDR range from configuration key <paramref name="key"/>; a typo stops the start.</summary>
    public static IPNetwork Parse(string key, string network)
    {
        var cidr = network.Contains('/') ? network : network + (network.Contains(':') ? "/128" : "/32");
        return IPNetwork.TryParse(cidr, out var parsed)
            ? parsed
            : throw new InvalidOperationException($"{key} entry '{network}' is not an address or CIDR range (e.g. 10.0.0.0/8).");
    }
}
