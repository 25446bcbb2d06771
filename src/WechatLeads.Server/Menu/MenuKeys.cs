namespace WechatLeads.Server.Menu;

/// <summary>The keys of the menu's click buttons that the server answers.</summary>
internal static class MenuKeys
{
    /// <summary>取消订阅: the menu must have it (checked when the menu file is loaded); Unsubscribe/ answers it.</summary>
    public const string Unsubscribe = "UNSUBSCRIBE";
}
