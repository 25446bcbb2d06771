using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace WechatLeads.Server.Platform.Web;

/// <summary>
/// What staff and followers read, through Microsoft.Extensions.Localization. The code says it in English — the
/// key, and what shows if a translation is missing — and <c>Platform/Web/Ui.zh-CN.resx</c> says it in Chinese.
/// The language is <c>Localization:Culture</c> (zh-CN unless configured), so another language for the console
/// is one more resource file (<c>Ui.en.resx</c> would be empty: the keys are English).
/// <c>UiTextTests</c> holds every key in the code to a translation.
/// </summary>
public sealed class Ui
{
    private static readonly IStringLocalizer Localizer =
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance).Create(typeof(Ui));

    /// <summary>The text for <paramref name="english"/> in the current UI culture; <c>{0}</c>… are filled from <paramref name="args"/>.</summary>
    public static string T(string english, params object[] args) => args.Length == 0 ? Localizer[english] : Localizer[english, args];
}
