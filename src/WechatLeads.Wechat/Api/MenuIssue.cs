namespace WechatLeads.Wechat.Api;

/// <summary>What is wrong with a menu, for <see cref="MenuIssue"/>.</summary>
public enum MenuIssueKind
{
    ButtonCount,
    ButtonMissing,
    TooManySubButtons,
    TypeBesideSubButtons,
    SubButtonsNested,
    NameMissing,
    NameTooLong,
    UnknownType,
    KeyMissing,
    KeyTooLong,
    UrlMissing,
    UrlTooLong,
    UrlNotHttp,
    MiniProgramTarget,
    MediaIdMissing,
    ArticleIdMissing,
}

/// <summary>
/// One finding of <see cref="MenuValidator"/>, with where it is — so an editor can show it beside its button and in
/// its own words — and <see cref="Message"/>, the same in English for a log or an exception.
/// </summary>
/// <param name="Button">The top-level button (0-based), or null for the menu as a whole.</param>
/// <param name="Sub">The sub-button (0-based) of <paramref name="Button"/>, or null.</param>
/// <param name="Name">The button's name as written, or null when the button itself is missing.</param>
/// <param name="Type">The button's type, for type-specific findings.</param>
/// <param name="Count">What was found: buttons, sub-buttons or bytes.</param>
public sealed record MenuIssue(MenuIssueKind Kind, int? Button = null, int? Sub = null, string? Name = null, string? Type = null, int Count = 0)
{
    /// <summary>WeChat's limit the finding is about (buttons, sub-buttons or bytes), where there is one.</summary>
    public int Limit => Kind switch
    {
        MenuIssueKind.ButtonCount => 3,
        MenuIssueKind.TooManySubButtons => 5,
        MenuIssueKind.NameTooLong => Sub is null ? 16 : 60,
        MenuIssueKind.KeyTooLong => 128,
        MenuIssueKind.UrlTooLong => 1024,
        _ => 0,
    };

    public string Message => Where + Kind switch
    {
        MenuIssueKind.ButtonCount => $"the menu has {Count} top-level buttons; WeChat allows 1 to 3.",
        MenuIssueKind.ButtonMissing => "is null.",
        MenuIssueKind.TooManySubButtons => $"has {Count} sub-buttons; WeChat allows at most 5.",
        MenuIssueKind.TypeBesideSubButtons => "a button with sub_button must not have a type.",
        MenuIssueKind.SubButtonsNested => "sub-buttons cannot have sub-buttons.",
        MenuIssueKind.NameMissing => "name is required.",
        MenuIssueKind.NameTooLong => $"name is {Count} bytes; WeChat allows at most {Limit}.",
        MenuIssueKind.UnknownType => $"type '{Type}' is not a WeChat button type.",
        MenuIssueKind.KeyMissing => $"a {Type} button needs a key.",
        MenuIssueKind.KeyTooLong => $"key is {Count} bytes; WeChat allows at most 128.",
        MenuIssueKind.UrlMissing => $"a {Type} button needs a url.",
        MenuIssueKind.UrlTooLong => "url is longer than 1024 bytes.",
        MenuIssueKind.UrlNotHttp => "url must be an absolute http(s) URL.",
        MenuIssueKind.MiniProgramTarget => "a miniprogram button needs appid and pagepath.",
        MenuIssueKind.MediaIdMissing => "a media_id button needs media_id.",
        _ => $"a {Type} button needs article_id.",
    };

    private string Where => Button switch
    {
        null => "",
        { } b when Sub is { } s => $"button[{b}].sub_button[{s}]{Quoted}: ",
        { } b => $"button[{b}]{Quoted}: ",
    };

    private string Quoted => Name is null ? "" : $" \"{Name}\"";
}
