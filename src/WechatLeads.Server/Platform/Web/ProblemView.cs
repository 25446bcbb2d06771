namespace WechatLeads.Server.Platform.Web;

/// <summary>What <see cref="ProblemPage"/> shows: a title, what happened and, when there is one, the way on.</summary>
public sealed record ProblemView(string Title, string Message, string? LinkText = null, string? Link = null);
