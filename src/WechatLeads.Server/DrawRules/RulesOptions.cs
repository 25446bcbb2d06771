using WechatLeads.Server.Admin;
using WechatLeads.Server.Platform.Web;
namespace WechatLeads.Server.DrawRules;

/// <summary>What every draw's rules say unless the campaign says otherwise (<c>Campaigns</c> section).</summary>
internal sealed class RulesOptions
{
    public const string Section = "Campaigns";

    /// <summary>The organiser named in a draw's rules when the campaign names none.</summary>
    public string Organiser { get; set; } = "";

    /// <summary>Where people can complain about a promotion; 12315 is the market regulator's line.</summary>
    public string ComplaintContact { get; set; } = "12315（全国市场监管投诉举报热线）";
}

internal static class DrawRulesSetup
{
    public static WebApplicationBuilder AddDrawRules(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RulesOptions>().Bind(builder.Configuration.GetSection(RulesOptions.Section))
            .Validate(o => o.Organiser.Length <= 100 && o.ComplaintContact.Length is > 0 and <= 200,
                "Campaigns:Organiser is at most 100 characters; Campaigns:ComplaintContact 1-200.")
            .ValidateOnStart();
        builder.Services.AddScoped<RulesPublisher>();
        builder.Services.AddScoped<DrawVerification>();
        return builder;
    }

    public static WebApplication MapDrawRules(this WebApplication app)
    {
        app.MapRulesPages();
        app.MapAdminApi().MapDrawVerification();
        return app;
    }
}
