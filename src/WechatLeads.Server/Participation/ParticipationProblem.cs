using WechatLeads.Server.Campaigns;
using WechatLeads.Server.PhoneProof;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Participation;

/// <summary>Why taking part was refused, in words for the follower; the codes are the mini-program's contract.</summary>
internal static class ParticipationProblem
{
    public static readonly ApiProblem CampaignNotFound = new(404, ProblemCodes.CampaignNotFound, "没有找到这个活动。");
    public static readonly ApiProblem CampaignNotActive = new(409, ProblemCodes.CampaignNotActive, "活动未开始或已结束。");

    /// <summary>The campaign is closed: the same code, in words that say which way (未开始 with its start, 已暂停, 已结束).</summary>
    public static ApiProblem NotOpen(CampaignAvailability why) => CampaignNotActive with { Title = why.Title + "。", Detail = why.Text };
    public static readonly ApiProblem ChannelNotOffered = new(409, ProblemCodes.ChannelNotOffered, "此渠道不参与该活动。");
    public static readonly ApiProblem ConsentRequired = new(422, ProblemCodes.ConsentRequired, "请先阅读并同意《个人信息保护政策》中活动服务所需的处理。");
    public static readonly ApiProblem PolicyOutdated = new(409, ProblemCodes.PolicyOutdated, "隐私政策已更新，请阅读新版本后重新同意。");
    public static readonly ApiProblem PurposeNotAsked = new(422, ProblemCodes.PurposeNotAsked, "该活动不申请此用途的授权。");
    public static readonly ApiProblem InvalidPhone = PhoneCodeProblems.InvalidPhone;
    public static readonly ApiProblem PhoneRequired = new(422, ProblemCodes.PhoneRequired, "请提供手机号（phone 加 smsCode、phoneCode 或 encryptedData 三选一）。");
    public static readonly ApiProblem SmsCodeRequired = PhoneCodeProblems.SmsCodeRequired;
    public static readonly ApiProblem SmsCodeWrong = PhoneCodeProblems.SmsCodeWrong;
    public static readonly ApiProblem ParticipantBlocked = new(403, ProblemCodes.ParticipantBlocked, "本活动暂不支持您参与。如有疑问，请联系活动主办方。");
    public static readonly ApiProblem AddressLimit = new(429, ProblemCodes.LimitAddress, "当前网络参与人数已达今日上限，请明天再来。");
    public static readonly ApiProblem SegmentLimit = new(429, ProblemCodes.LimitSegment, "当前网络参与人数已达今日上限，请明天再来。");
    public static readonly ApiProblem DeviceLimit = new(429, ProblemCodes.LimitDevice, "这台设备今天的参与次数已用完，请明天再来。");
    public static readonly ApiProblem StoreLimit = new(429, ProblemCodes.LimitStore, "本门店扫码参与的人数太多，请稍后再试。");

    /// <summary>The refusal for a limit the write hit: one per person (LimitReached), or a draw limit by address, segment, device or store.</summary>
    public static ApiProblem ForLimit(string? reason) => reason switch
    {
        LimitReasons.Address => AddressLimit,
        LimitReasons.Segment => SegmentLimit,
        LimitReasons.Device => DeviceLimit,
        LimitReasons.Store => StoreLimit,
        _ => LimitReached,
    };

    /// <summary>
    /// The person's own limit, said exactly: a coupon is one per person; a draw's daily limit says when the next draw
    /// is possible (00:00 Beijing time, unless the campaign has ended by then); the total says so.
    /// </summary>
    public static ApiProblem ForPersonalLimit(string limit, Campaign campaign, DateTime nowUtc)
    {
        if (campaign.Type == CampaignTypes.Coupon) return LimitReached with { Title = "每人限领一张，您已经领过了。" };
        if (limit == PersonalLimits.Total)
            return LimitReached with { Title = $"您已用完本活动的全部 {campaign.DrawsTotal} 次抽奖机会。" };
        var tomorrow = ChinaTime.StartOfDay(nowUtc).AddDays(1);
        var next = tomorrow < campaign.EndsAt
            ? $"明天 {ChinaTime.Format(tomorrow, "MM-dd HH:mm")}（北京时间）起可以再抽。"
            : "活动在明天之前结束，本活动的抽奖已全部结束。";
        return LimitReached with { Title = $"今天的 {campaign.DrawsPerDay} 次抽奖机会已用完（每人每天 {campaign.DrawsPerDay} 次）。{next}" };
    }

    public static readonly ApiProblem RiskVerificationRequired = new(422, ProblemCodes.RiskVerificationRequired,
        "为保障活动公平，请用短信验证码验证手机号后再参与（phone 加 smsCode）。");
    public static readonly ApiProblem SmsCodeExpired = PhoneCodeProblems.SmsCodeExpired;
    public static readonly ApiProblem SmsCodeTooMany = PhoneCodeProblems.SmsCodeTooMany;
    public static readonly ApiProblem SmsUnavailable = PhoneCodeProblems.SmsUnavailable;
    public static readonly ApiProblem PhoneCodeInvalid = new(422, ProblemCodes.PhoneCodeInvalid, "手机号授权已失效，请重新点击获取手机号。");
    public static readonly ApiProblem LimitReached = new(409, ProblemCodes.LimitReached, "您已达到本活动的参与次数上限。");
    public static readonly ApiProblem SoldOut = new(409, ProblemCodes.SoldOut, "很抱歉，优惠券已经领完了。");
    public static readonly ApiProblem LoginCodeRequired = new(400, ProblemCodes.LoginCodeRequired, "code is required.");
    public static readonly ApiProblem LoginCodeMalformed = new(400, ProblemCodes.LoginCodeMalformed, "code is not a wx.login code.");
    public static readonly ApiProblem LoginCodeInvalid = new(401, ProblemCodes.LoginCodeInvalid,
        "WeChat refused the login code (invalid, used or expired); call wx.login again.");
    public static readonly ApiProblem BadIdempotencyKey = new(
        400,
        ProblemCodes.InvalidIdempotencyKey,
        "Idempotency-Key must be 8-64 letters, digits, '-' or '_'.");
}
