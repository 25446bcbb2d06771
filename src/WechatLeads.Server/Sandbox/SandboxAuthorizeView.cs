namespace WechatLeads.Server.Sandbox;

/// <summary>Where the sandbox's silent authorisation sends the browser back to, code and state appended.</summary>
public sealed record SandboxAuthorizeView(string ReturnUrl);
