using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Unsubscribe;

/// <summary>Refusals of the follower look-up in the console API.</summary>
internal static class FollowerProblems
{
    public static readonly ApiProblem NotFound = new(404, ProblemCodes.FollowerNotFound, "No such follower.",
        "Unknown openid, or the follower unfollowed and was erased.");
}
