namespace WechatLeads.Server.Platform.Web;

/// <summary>What <see cref="ConsoleNotFoundPage"/> says: what is missing, and the list to go back to.</summary>
public sealed record ConsoleNotFoundView(string Title, string BackText, string BackUrl)
{
    /// <summary>A sentence under the title, when the title alone does not say what to do.</summary>
    public string? Text { get; init; }
}
