using System.Text.Json;

namespace WechatLeads.Sms;

internal static class SmsCallbackParsing
{
    public static T Deserialize<T>(ReadOnlySpan<byte> body, string what) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, SmsJson.Options) ?? throw new SmsCallbackFormatException($"{what}: the body is JSON null");
        }
        catch (JsonException e)
        {
            // JsonException's message quotes a path and position, not content, but keep ours uniform and short.
            throw new SmsCallbackFormatException($"{what}: not the documented JSON ({e.Path ?? "root"})", e);
        }
    }

    public static void Require(string? value, string field, string what, int index = -1)
    {
        if (string.IsNullOrEmpty(value))
            throw new SmsCallbackFormatException(index < 0 ? $"{what}: '{field}' is missing" : $"{what}: item {index} has no '{field}'");
    }
}
