using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Campaigns;

/// <summary>Refusals of the campaign admin API: what a request may not change, and why.</summary>
internal static class CampaignProblems
{
    public static readonly ApiProblem NotFound = new(404, ProblemCodes.CampaignNotFound, "No such campaign.");

    /// <summary>The console's page for a campaign that does not exist (a mistyped or old slug), with the way back to the list.</summary>
    public static IResult NotFoundPage(HttpContext http) =>
        ConsoleLayout.Render<ConsoleNotFoundPage>(http, new ConsoleNotFoundView("活动不存在", "全部活动", "/admin/campaigns"), StatusCodes.Status404NotFound);
    public static readonly ApiProblem Ended = new(409, ProblemCodes.CampaignEnded, "An ended campaign can't change.",
        "It is kept as it ran; create a new campaign instead.");
    public static readonly ApiProblem SlugTaken = new(409, ProblemCodes.SlugTaken, "A campaign with this slug exists.",
        "Slugs are permanent: they are in printed QR codes and links.");
    public static readonly ApiProblem UnknownStatus = new(400, ProblemCodes.UnknownStatus, "Unknown status.", "status is draft, active, paused or ended.");
    public static readonly ApiProblem StatusChangedMeanwhile = new(409, ProblemCodes.ChangedMeanwhile,
        "The status was changed by someone else; reload and try again.");
    public static readonly ApiProblem NotALuckyDraw = new(409, ProblemCodes.NotALuckyDraw, "Only a lucky draw has prizes.");
    public static readonly ApiProblem PrizeNotFound = new(404, ProblemCodes.PrizeNotFound, "No such prize in this campaign.");
    public static readonly ApiProblem NoCouponPool = new(400, ProblemCodes.NoCouponPool, "This campaign has no coupon pool.",
        "For a lucky draw, name the prize: ?prize={id}.");
    public static readonly ApiProblem TooManyCodeLines = new(413, ProblemCodes.TooManyLines, Ui.T("At most {0} lines per import.", CouponCodeImport.MaxLines),
        "Split the file and import the parts one after another.");
    public static readonly ApiProblem CodeImportRaced = new(409, ProblemCodes.CodeImportRaced, "Another import added some of these codes just now.",
        "Nothing from this file was imported; send it again.");
    public static readonly ApiProblem InventoryBelowWon = new(409, ProblemCodes.InventoryBelowWon, "Inventory can't go below the prizes already won.",
        "Reload the campaign to see how many were won, and set at least that many.");
    public static readonly ApiProblem StoreNameInvalid = new(400, ProblemCodes.InvalidStoreName, "storeName is required (at most 100 characters).");
    public static readonly ApiProblem StoreQrNotFound = new(404, ProblemCodes.StoreQrNotFound, "No such store QR code for this campaign.");

    /// <summary>Starting or resuming a campaign some of whose prizes can't be issued: each gap named, in Chinese, for the console.</summary>
    public static ApiProblem NotIssuable(IReadOnlyList<string> problems) =>
        new(409, ProblemCodes.PrizesNotIssuable, "活动还不能启用：有奖品无法发放。", string.Join("\n", problems));

    /// <summary>A move the status machine does not allow (draft → active ⇄ paused → ended).</summary>
    public static ApiProblem StatusTransition(string current, string next) =>
        new(
            409,
            ProblemCodes.StatusTransition,
            Ui.T("A campaign that is {0} can't become {1}.", StatusBadge.Text(current), StatusBadge.Text(next)),
            "draft → active ⇄ paused → ended; ended is final.");
}
