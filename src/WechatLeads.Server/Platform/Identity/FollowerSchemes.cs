namespace WechatLeads.Server.Platform.Identity;

/// <summary>How a follower is signed in: the H5 pages' OAuth cookie, or the mini-program's bearer session.</summary>
internal static class FollowerSchemes
{
    public const string H5 = "H5";
    public const string MiniProgram = "MiniProgram";
}
