namespace WechatLeads.Server.Platform.Web;

/// <summary>What the console frame needs from the request: the antiforgery token and who is signed in.</summary>
/// <param name="Compliance">Whether the compliance pages belong in the navigation.</param>
public sealed record ConsoleChrome(string Token, string? User, string? Role, bool Compliance);
