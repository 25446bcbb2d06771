namespace WechatLeads.Server.Audit;

/// <summary>Each audit action in the words a compliance officer reads; the stored code stays as it is (it is hashed into the chain).</summary>
internal static class AuditActionNames
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        [AuditActions.Reveal] = "查看完整号码",
        [AuditActions.PhoneSearch] = "按手机号查找线索",
        [AuditActions.AuthorizationChangeApplied] = "微信授权变更（删除数据）",
        [AuditActions.KeywordReplyChanged] = "修改关键词回复",
        [AuditActions.ExportMasked] = "导出线索（脱敏）",
        [AuditActions.ExportUnmasked] = "导出线索（完整号码）",
        [AuditActions.ExportFinished] = "导出完成",
        [AuditActions.SignIn] = "登录",
        [AuditActions.SignInFailed] = "登录失败",
        [AuditActions.StaffAccountCreated] = "创建员工账号",
        [AuditActions.StaffAccountChanged] = "修改员工账号",
        [AuditActions.StaffPasswordReset] = "重置员工密码",
        [AuditActions.StaffPasswordChanged] = "修改本人密码",
        [AuditActions.StaffTotpEnrolled] = "启用两步验证",
        [AuditActions.StaffTotpRemoved] = "关闭两步验证",
        [AuditActions.TestTargetSet] = "设置测试接收",
        [AuditActions.MarketingTestSend] = "营销测试发送",
        [AuditActions.CampaignCreated] = "创建活动",
        [AuditActions.CampaignEdited] = "修改活动",
        [AuditActions.CampaignStatus] = "活动状态变更",
        [AuditActions.PrizeChanged] = "修改奖品",
        [AuditActions.CodesImported] = "导入券码",
        [AuditActions.PrivacyPublished] = "发布隐私政策",
        [AuditActions.MenuPublished] = "发布公众号菜单",
        [AuditActions.MarketingScheduled] = "安排营销发送",
        [AuditActions.MarketingCancelled] = "取消营销发送",
        [AuditActions.JobsCommand] = "后台任务操作",
        [AuditActions.CouponRedeemed] = "核销优惠券",
        [AuditActions.RedemptionReversed] = "撤销核销",
        [AuditActions.StoreChanged] = "修改门店",
        [AuditActions.CouponVoided] = "作废优惠券",
        [AuditActions.RedemptionExport] = "导出核销记录",
        [AuditActions.RedemptionExportFinished] = "核销导出完成",
        [AuditActions.RiskListChanged] = "修改风控名单",
    };

    /// <summary>Every known action, for the audit search's drop-down, in the order above.</summary>
    public static IEnumerable<KeyValuePair<string, string>> All => Names;

    public static string Name(string action) => Names.GetValueOrDefault(action, action);
}
