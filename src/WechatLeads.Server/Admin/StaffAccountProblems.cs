using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Admin;

internal static class StaffAccountProblems
{
    public static readonly ApiProblem NotFound = new(404, ProblemCodes.StaffAccountNotFound, "没有这个员工账号", "请核对账号名（GET /admin/api/staff-accounts）。");
    public static readonly ApiProblem NameTaken = new(409, ProblemCodes.StaffAccountNameTaken, "账号名已被使用",
        "账号名不区分大小写，也不能与配置文件中的账号或 API 密钥同名。");
    public static readonly ApiProblem InConfiguration = new(409, ProblemCodes.StaffAccountInConfiguration, "此账号在配置文件中（Admin:Users）",
        "配置文件中的账号只能在配置里修改。");
    public static readonly ApiProblem Own = new(409, ProblemCodes.OwnStaffAccount, "不能停用自己的账号或修改自己的角色",
        "请另一位合规专员操作；本人的密码和两步验证在“我的账号”页面修改。");
    public static readonly ApiProblem LastCompliance = new(409, ProblemCodes.LastComplianceAccount, "这是最后一个可用的合规账号",
        "请先创建或启用另一个合规账号：否则没有人能管理账号、审计日志和个人信息请求。");
    public static readonly ApiProblem TotpRequired = new(409, ProblemCodes.TotpRequired, "合规专员要求此账号使用两步验证，不能关闭",
        "换手机时请联系合规专员移除旧的验证器，下次登录时重新设置。");
    public static readonly ApiProblem PasswordWrong = new(403, ProblemCodes.PasswordWrong, "当前密码不正确", "请输入您登录时使用的密码。");
}
