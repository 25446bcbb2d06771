using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.PhoneProof;

/// <summary>Why a number could not be proven by SMS code, in words for the follower; the codes are the mini-program's contract.</summary>
internal static class PhoneCodeProblems
{
    public static readonly ApiProblem InvalidPhone = new(422, ProblemCodes.InvalidPhone, "请输入有效的中国大陆手机号（11 位，以 13-19 开头）。");
    public static readonly ApiProblem SmsCodeRequired = new(422, ProblemCodes.SmsCodeRequired, "请先获取短信验证码，并填写收到的 6 位验证码。");
    public static readonly ApiProblem SmsCodeWrong = new(422, ProblemCodes.SmsCodeInvalid, "验证码不正确，请核对后重新输入。");
    public static readonly ApiProblem SmsCodeExpired = new(422, ProblemCodes.SmsCodeExpired, "验证码已过期或错误次数过多，请重新获取验证码。");
    public static readonly ApiProblem SmsCodeTooSoon = new(429, ProblemCodes.SmsCodeTooSoon, "验证码刚刚发出，请稍后再重新获取。");
    public static readonly ApiProblem SmsCodeTooMany = new(429, ProblemCodes.SmsCodeLimit, "获取验证码次数过多，请稍后再试。");
    public static readonly ApiProblem SmsUnavailable = new(503, ProblemCodes.SmsUnavailable, "短信暂时无法发送，请稍后再试");
    public static readonly ApiProblem NoCodeSent = new(404, ProblemCodes.NoCodeSent, "还没有向这个号码发送过验证码。");
}
