namespace WechatLeads.Server.Menu;

/// <summary>What <see cref="MenuEditorPage"/> shows.</summary>
/// <param name="Origin">Where the JSON below comes from: the latest revision, or the configuration file.</param>
/// <param name="Json">The menu, pretty-printed for editing.</param>
/// <param name="History">The latest revisions, newest first, one line each.</param>
public sealed record MenuEditorView(string Origin, string Json, IReadOnlyList<string> History);
