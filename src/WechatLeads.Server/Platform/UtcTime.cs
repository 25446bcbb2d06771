namespace WechatLeads.Server.Platform;

/// <summary>
/// Times from API input: an offset given is honoured (converted, not relabelled — "+08:00" from the console
/// arrives as a Local-kind value); none means UTC, as documented — never the server's own time zone.
/// </summary>
internal static class UtcTime
{
    public static DateTime From(DateTime value) =>
        value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime();

    public static DateTime? From(DateTime? value) => value is { } v ? From(v) : null;
}
