using System.Text.Json;

namespace WechatLeads.Server.Platform;

/// <summary>Shared serializer options for operator files (camelCase, case-insensitive).</summary>
internal static class JsonDefaults
{
    public static JsonSerializerOptions Web { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>For files people read (their data copy): indented, Chinese left readable.</summary>
    public static JsonSerializerOptions Indented { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
