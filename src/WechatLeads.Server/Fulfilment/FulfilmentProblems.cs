using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Fulfilment;

/// <summary>Refusals of the prize-delivery pages, the follower's claim API and the staff's fulfilment API.</summary>
internal static class FulfilmentProblems
{
    public static readonly ApiProblem PrizeNotFound = new(404, ProblemCodes.PrizeNotFound, "没有找到这个奖品，或它不属于您。");
    public static readonly ApiProblem ClaimClosed = new(409, ProblemCodes.ClaimClosed, "领取期限已过或奖品已发出，收货信息无法再修改。");
    public static readonly ApiProblem AgreementRequired = new(422, ProblemCodes.DeliveryConsentRequired, "请阅读奖品寄送说明并同意后再提交。");
    public static readonly ApiProblem InvalidFilter = new(400, ProblemCodes.InvalidFilter, "campaign or after is too long.");
    public static readonly ApiProblem NotFound = new(404, ProblemCodes.FulfilmentNotFound, "No fulfilment with this id.");
    public static readonly ApiProblem TooManyLines = new(400, ProblemCodes.TooManyLines, Ui.T("At most {0} lines per file.", TrackingImport.MaxLines));

    public static ApiProblem InvalidAddress(string problem) => new(422, ProblemCodes.InvalidAddress, problem);

    public static ApiProblem InvalidTracking(string problem) => new(400, ProblemCodes.InvalidTracking, problem);

    public static ApiProblem UnknownState() =>
        new(400, ProblemCodes.UnknownFulfilmentState, Ui.T("state is one of {0}.", string.Join(", ", FulfilmentStates.All)));

    public static ApiProblem WrongState(string state, string? method) => new(409, ProblemCodes.WrongFulfilmentState,
        Ui.T("Not possible while the fulfilment is {0}.", FulfilmentStates.Chinese(state, method)));
}
