using System.Text.Json;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Pacing;

/// <summary>The <c>pace</c> of a prize edit: absent keeps it, null or <c>per</c> "none"/"" removes it, an object sets it.</summary>
internal static class PrizePaceEdit
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static (PrizePace? Value, IReadOnlyList<string> Problems) Read(JsonElement value, PrizePace? current)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Undefined: return (current, []);
            case JsonValueKind.Null: return (null, []);
            case JsonValueKind.Object:
                PrizePace? pace;
                try
                {
                    pace = value.Deserialize<PrizePace>(Json);
                }
                catch (JsonException)
                {
                    return (current, [Ui.T("pace must be {per: day|hour, quantity?, hours?, carryOver?} or null.")]);
                }
                if (pace is null || string.IsNullOrWhiteSpace(pace.Per) || pace.Per == "none") return (null, []);
                return (pace, [.. pace.Problems("")]);
            default: return (current, [Ui.T("pace must be {per: day|hour, quantity?, hours?, carryOver?} or null.")]);
        }
    }
}
