using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Stores;

internal static class StoreProblems
{
    public static ApiProblem UnknownStores(IReadOnlyList<string> unknown) => new(422, ProblemCodes.UnknownStores,
        "门店编码不存在：" + string.Join("、", unknown), "Add the stores first (PUT /admin/api/stores/{code}) or correct the codes.");
}
