namespace WechatLeads.Server.Platform.Web;

/// <summary>One choice of a <see cref="SelectField"/>: the value sent, the text shown.</summary>
public sealed record SelectOption(string Value, string Text);
