using Microsoft.Extensions.Options;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Participation;
using WechatLeads.Server.Platform.Identity;
using WechatLeads.Server.Security;
using WechatLeads.Server.WechatApi;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Server.Risk;

/// <summary>What the risk check decided for one draw; <see cref="Rank"/> is null when WeChat gave none.</summary>
internal sealed record RiskVerdict(int? Rank, string Action)
{
    public static readonly RiskVerdict NotChecked = new(null, RiskActions.Draw);
}

/// <summary>
/// Asks WeChat how likely this player is a fraudster (营销作弊) before a draw, with a short timeout. Whatever
/// goes wrong — an error code, no answer in time, no network — the configured <c>Risk:OnError</c> action
/// applies and the draw goes on: a risk service having a bad day must not turn into a 500 for everyone.
/// </summary>
internal sealed class RiskCheck(
    [FromKeyedServices(WechatClientKeys.MiniProgram)] WechatApiClient miniProgram,
    [FromKeyedServices(WechatClientKeys.OfficialAccount)] WechatApiClient officialAccount,
    IOptionsMonitor<RiskOptions> options, RefusalLog refusals)
{
    private const string ErrorKind = "WeChat risk check (getuserriskrank)";

    public async Task<RiskVerdict> CheckAsync(Participant who, string phoneDigits, string? ip, CancellationToken ct)
    {
        var o = options.CurrentValue;
        if (!o.Enabled) return RiskVerdict.NotChecked;
        var client = who.Channel switch
        {
            CampaignChannels.MiniProgram => miniProgram,
            CampaignChannels.H5 when o.OfficialAccountH5 => officialAccount,
            _ => null,
        };
        if (client is null) return RiskVerdict.NotChecked;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(o.TimeoutMilliseconds);
        try
        {
            var answer = await client.ExecuteWxaGetUserRiskRankAsync(new WxaGetUserRiskRankRequest
            {
                AppId = client.Options.AppId,
                OpenId = who.OpenId,
                ClientIp = ip ?? "0.0.0.0",
                MobileNumber = phoneDigits,
                Scene = WxaGetUserRiskRankRequest.SceneMarketing,
            }, timeout.Token);
            var rank = Math.Clamp(answer.RiskRank, 0, 4);
            return Counted(new RiskVerdict(rank, o.ActionFor(rank)));
        }
        catch (WechatApiException e)
        {
            refusals.Refused(ErrorKind, "errcode " + e.ErrorCode); // 61010 and quota errors come in floods: counted, not a line each
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            refusals.Refused(ErrorKind, $"no answer within {o.TimeoutMilliseconds} ms");
        }
        catch (Exception e) when (e is HttpRequestException or Flurl.Http.FlurlHttpException)
        {
            refusals.Refused(ErrorKind, "unreachable: " + e.GetType().Name);
        }
        return Counted(new RiskVerdict(null, o.OnError));
    }

    private static RiskVerdict Counted(RiskVerdict verdict)
    {
        Telemetry.ServerMetrics.RiskVerdict(verdict.Rank, verdict.Action);
        return verdict;
    }
}
