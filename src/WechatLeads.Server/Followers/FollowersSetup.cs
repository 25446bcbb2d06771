using WechatLeads.Server.Data;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Messaging;

namespace WechatLeads.Server.Followers;

internal static class FollowersSetup
{
    /// <summary>Follow and unfollow: the follower row, the welcome reply, and erasing everything on unfollow.</summary>
    public static WebApplicationBuilder AddFollowers(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<IOutboxHandler, EraseFollowerData>();
        builder.Services.AddWechatHandler<SubscribeHandler>(WechatRoute.OnEvent("subscribe"));
        builder.Services.AddWechatHandler<UnfollowHandler>(WechatRoute.OnEvent("unsubscribe"));
        return builder;
    }
}
