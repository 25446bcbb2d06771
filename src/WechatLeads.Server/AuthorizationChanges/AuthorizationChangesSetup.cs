using WechatLeads.Server.Messaging;
using WechatLeads.Wechat.Messages;

namespace WechatLeads.Server.AuthorizationChanges;

internal static class AuthorizationChangesSetup
{
    /// <summary>授权用户信息变更 on both push URLs, the erasure job, and the SMS proofs' eraser.</summary>
    public static WebApplicationBuilder AddAuthorizationChanges(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        foreach (var name in new[] { AuthorizationChangeEvent.Revoke, AuthorizationChangeEvent.Cancellation, AuthorizationChangeEvent.Modified })
            services.AddWechatHandler<AuthorizationChangeHandler>(WechatRoute.OnEvent(name), sources: PushSources.Both);
        services.AddScoped<Data.IOutboxHandler, ApplyAuthorizationChange>();
        services.AddScoped<Data.IPhoneDataEraser, PhoneProof.PhoneVerificationEraser>();
        return builder;
    }
}
