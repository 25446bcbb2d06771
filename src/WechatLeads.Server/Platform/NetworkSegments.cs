using System.Net;
using System.Net.Sockets;

namespace WechatLeads.Server.Platform;

internal static class NetworkSegments
{
    /// <summary>The /24 (IPv4) or /64 (IPv6) an address belongs to: one household, office or farm rack.</summary>
    public static string Of(string address)
    {
        if (!IPAddress.TryParse(address, out var ip)) return address;
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        var bytes = ip.GetAddressBytes();
        var keep = ip.AddressFamily == AddressFamily.InterNetwork ? 3 : 8;
        for (var i = keep; i < bytes.Length; i++) bytes[i] = 0;
        return $"{new IPAddress(bytes)}/{keep * 8}";
    }
}
