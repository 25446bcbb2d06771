using WechatLeads.Server.Admin;
using WechatLeads.Server.Platform.Web;
namespace WechatLeads.Server.Risk;

internal static class RiskSetup
{
    public static WebApplicationBuilder AddRisk(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RiskOptions>().Bind(builder.Configuration.GetSection(RiskOptions.Section))
            .Validate(o => o.TimeoutMilliseconds is >= 50 and <= 5000, "Risk:TimeoutMilliseconds must be 50-5000.")
            .Validate(o => RiskActions.All.Contains(o.OnError), "Risk:OnError must be draw, verify, reduced or nowin.")
            .Validate(o => o.Actions.All(a => a.Key is >= 0 and <= 4 && RiskActions.All.Contains(a.Value)),
                "Risk:Actions:<0-4> must each be draw, verify, reduced or nowin.")
            .ValidateOnStart();
        builder.Services.AddSingleton<RiskCheck>();
        builder.Services.AddSingleton<RiskListCache>();
        return builder;
    }

    /// <summary>The block and allow lists: console page and admin API.</summary>
    public static WebApplication MapRisk(this WebApplication app)
    {
        app.MapRiskListPages();
        app.MapAdminApi().MapRiskLists();
        return app;
    }
}
