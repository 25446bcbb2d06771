using System.Text.Json;

namespace WechatLeads.Server.Platform;

/// <summary>Shared serializer options for operator files (camelCase, case-insensitive).</summary>
public static class JsonDefaults
{
    public static JsonSerializerOptions Web { get; } = new(JsonSerializerDefaults.Web);
}
