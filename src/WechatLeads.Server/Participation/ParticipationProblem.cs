namespace WechatLeads.Server.Participation;

/// <summary>A refusal with a stable machine-readable code (the ProblemDetails <c>code</c>) and a message people can read.</summary>
internal sealed record ParticipationProblem(int Status, string Code, string Title)
{
    public static readonly ParticipationProblem CampaignNotFound = new(404, "campaign_not_found", "没有找到这个活动。");
    public static readonly ParticipationProblem CampaignNotActive = new(409, "campaign_not_active", "活动未开始或已结束。");
    public static readonly ParticipationProblem ChannelNotOffered = new(409, "channel_not_offered", "此渠道不参与该活动。");
    public static readonly ParticipationProblem ConsentRequired = new(422, "consent_required", "请先阅读并同意《个人信息保护政策》中活动服务所需的处理。");
    public static readonly ParticipationProblem PolicyOutdated = new(409, "policy_outdated", "隐私政策已更新，请阅读新版本后重新同意。");
    public static readonly ParticipationProblem PurposeNotAsked = new(422, "purpose_not_asked", "该活动不申请此用途的授权。");
    public static readonly ParticipationProblem InvalidPhone = new(422, "invalid_phone", "请输入有效的中国大陆手机号（11 位，以 13-19 开头）。");
    public static readonly ParticipationProblem PhoneRequired = new(422, "phone_required", "请提供手机号（phone 加 smsCode、phoneCode 或 encryptedData 三选一）。");
    public static readonly ParticipationProblem SmsCodeRequired = new(422, "sms_code_required", "请先获取短信验证码，并填写收到的 6 位验证码。");
    public static readonly ParticipationProblem SmsCodeWrong = new(422, "sms_code_invalid", "验证码不正确，请核对后重新输入。");
    public static readonly ParticipationProblem ParticipantBlocked = new(403, "participant_blocked", "本活动暂不支持您参与。如有疑问，请联系活动主办方。");
    public static readonly ParticipationProblem AddressLimit = new(429, Risk.LimitReasons.Address, "当前网络参与人数已达今日上限，请明天再来。");
    public static readonly ParticipationProblem SegmentLimit = new(429, Risk.LimitReasons.Segment, "当前网络参与人数已达今日上限，请明天再来。");
    public static readonly ParticipationProblem DeviceLimit = new(429, Risk.LimitReasons.Device, "这台设备今天的参与次数已用完，请明天再来。");
    public static readonly ParticipationProblem StoreLimit = new(429, Risk.LimitReasons.Store, "本门店扫码参与的人数太多，请稍后再试。");

    /// <summary>The refusal for a limit the write hit: one per person (LimitReached), or a draw limit by address, segment, device or store.</summary>
    public static ParticipationProblem ForLimit(string? reason) => reason switch
    {
        Risk.LimitReasons.Address => AddressLimit,
        Risk.LimitReasons.Segment => SegmentLimit,
        Risk.LimitReasons.Device => DeviceLimit,
        Risk.LimitReasons.Store => StoreLimit,
        _ => LimitReached,
    };

    public static readonly ParticipationProblem RiskVerificationRequired = new(422, "risk_verification_required",
        "为保障活动公平，请用短信验证码验证手机号后再参与（phone 加 smsCode）。");
    public static readonly ParticipationProblem SmsCodeExpired = new(422, "sms_code_expired", "验证码已过期或错误次数过多，请重新获取验证码。");
    public static readonly ParticipationProblem SmsCodeTooSoon = new(429, "sms_code_too_soon", "验证码刚刚发出，请稍后再重新获取。");
    public static readonly ParticipationProblem SmsCodeTooMany = new(429, "sms_code_limit", "获取验证码次数过多，请稍后再试。");
    public static readonly ParticipationProblem SmsUnavailable = new(503, "sms_unavailable", "短信暂时无法发送，请稍后再试");
    public static readonly ParticipationProblem PhoneCodeInvalid = new(422, "phone_code_invalid", "手机号授权已失效，请重新点击获取手机号。");
    public static readonly ParticipationProblem LimitReached = new(409, "limit_reached", "您已达到本活动的参与次数上限。");
    public static readonly ParticipationProblem SoldOut = new(409, "sold_out", "很抱歉，优惠券已经领完了。");
    public static readonly ParticipationProblem RateLimited = new(429, "rate_limited", "操作太频繁，请稍后再试。");
    public static readonly ParticipationProblem BadIdempotencyKey = new(400, "invalid_idempotency_key", "Idempotency-Key must be 8-64 letters, digits, '-' or '_'.");

    /// <summary>The ProblemDetails answer: the title, the stable <c>code</c>, and any <paramref name="more"/> fields beside it.</summary>
    public Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult ToResult(IReadOnlyDictionary<string, object?>? more = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = Code };
        foreach (var (key, value) in more ?? new Dictionary<string, object?>()) extensions[key] = value;
        return TypedResults.Problem(statusCode: Status, title: Title, extensions: extensions);
    }
}

internal sealed class ParticipationRefusedException(ParticipationProblem problem) : Exception(problem.Code)
{
    public ParticipationProblem Problem { get; } = problem;
}
