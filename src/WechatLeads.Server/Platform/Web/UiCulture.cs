using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace WechatLeads.Server.Platform.Web;

/// <summary>
/// The language people read (<see cref="Ui"/>): <c>Localization:Culture</c>, zh-CN unless configured. Only the UI
/// culture: number and date formats stay as they are (Beijing time is formatted explicitly, <see cref="ChinaTime"/>).
/// Every request gets it whatever its Accept-Language (the console is one language for a whole team), and so do
/// background jobs.
/// </summary>
internal static class UiCulture
{
    public const string Key = "Localization:Culture";

    public static WebApplicationBuilder AddUiCulture(this WebApplicationBuilder builder)
    {
        var name = builder.Configuration[Key] is { Length: > 0 } configured ? configured : "zh-CN";
        CultureInfo culture;
        try { culture = CultureInfo.GetCultureInfo(name, predefinedOnly: true); }
        catch (CultureNotFoundException) { throw new InvalidOperationException($"{Key} '{name}' is not a culture name (e.g. zh-CN)."); }
        CultureInfo.DefaultThreadCurrentUICulture = culture;
        builder.Services.AddLocalization();
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(CultureInfo.CurrentCulture, culture);
            o.SupportedCultures = [CultureInfo.CurrentCulture];
            o.SupportedUICultures = [culture];
            o.RequestCultureProviders.Clear();
        });
        return builder;
    }

    public static WebApplication UseUiCulture(this WebApplication app)
    {
        app.UseRequestLocalization();
        return app;
    }
}
