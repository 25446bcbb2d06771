using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.Unsubscribe;

/// <summary>
/// One opt-out request (a 取消订阅 click, a TD reply, a tap on the my-data page) and the state of its
/// follow-up work. Its confirmation columns are what make "exactly one confirmation per opt-out" hold:
/// the job claims the row with a conditional update before it sends.
/// </summary>
internal sealed class OptOut
{
    public required string Id { get; set; }
    public required string SubjectKey { get; set; }
    public string? OpenId { get; set; }
    public required string Channel { get; set; }
    public DateTime RequestedAt { get; set; }
    /// <summary>True when this request withdrew consent; false when the person was already opted out.</summary>
    public bool Withdrew { get; set; }
    public DateTime? WithdrawalsAppliedAt { get; set; }
    public DateTime? ConfirmationClaimedAt { get; set; }
    public DateTime? ConfirmationSentAt { get; set; }
    /// <summary>Why no confirmation was sent (e.g. the follower unfollowed meanwhile); null otherwise.</summary>
    public string? ConfirmationSkipped { get; set; }
}

internal static class OptOutChannels
{
    public const string MenuClick = "menu";
    public const string TextReply = "text";
    public const string MyDataPage = "h5";
    /// <summary><c>POST /api/me/marketing/withdraw</c> with the mini-program's session (the H5 cookie counts as <see cref="MyDataPage"/>).</summary>
    public const string MiniProgram = "miniprogram";

    /// <summary>Channels whose opt-out comes from someone following the Official Account (a push from WeChat itself).</summary>
    public static bool IsFromFollower(string channel) => channel is MenuClick or TextReply;
}

/// <summary>Why an opt-out's confirmation was not sent (<see cref="OptOut.ConfirmationSkipped"/>); WeChat's refusals are <c>wechat_{errcode}</c>.</summary>
internal static class ConfirmationSkipReasons
{
    /// <summary>The identity does not follow the Official Account (any more): nothing is ever sent to someone who left.</summary>
    public const string NotFollowing = "not_following";

    /// <summary>
    /// A mini-program identity: its openid belongs to the mini-program, which the Official Account's
    /// customer-service API can't reach, and a mini-program subscription message needs a template the person
    /// subscribed to beforehand. The API's answer (the opt-out state, shown at once) is the confirmation.
    /// </summary>
    public const string NoMessageChannel = "no_message_channel";

    /// <summary>
    /// The follower's customer-service window was closed or used up (see <see cref="Messaging.ServiceWindow"/>):
    /// WeChat would refuse with 45015/45047, so it is not asked.
    /// </summary>
    public const string OutsideServiceWindow = "outside_service_window";
}

internal sealed class OptOutConfiguration : IEntityTypeConfiguration<OptOut>
{
    public void Configure(EntityTypeBuilder<OptOut> b)
    {
        b.ToTable("OptOuts");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(32);
        b.Property(x => x.SubjectKey).HasMaxLength(64);
        b.Property(x => x.OpenId).HasMaxLength(64);
        b.Property(x => x.Channel).HasMaxLength(32);
        b.Property(x => x.ConfirmationSkipped).HasMaxLength(64);
        b.HasIndex(x => x.SubjectKey);
    }
}
