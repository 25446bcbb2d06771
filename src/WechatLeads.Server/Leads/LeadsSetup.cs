using WechatLeads.Server.Admin;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Leads;

internal static class LeadsSetup
{
    /// <summary>Leads: the phone protector (encryption, blind index, masks) every feature that holds numbers uses.</summary>
    public static WebApplicationBuilder AddLeads(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PhoneProtector>();
        builder.Services.AddScoped<IPersonalDataEraser, LeadEraser>();
        builder.Services.AddScoped<IPhoneDataEraser, LeadEraser>();
        return builder;
    }

    /// <summary>The masked lead list, search and exports.</summary>
    public static WebApplication MapLeads(this WebApplication app)
    {
        app.MapLeadPages();
        app.MapAdminApi().MapLeadAdmin();
        return app;
    }
}
