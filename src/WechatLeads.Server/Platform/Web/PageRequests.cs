namespace WechatLeads.Server.Platform.Web;

/// <summary>Whether an error should be a page (a person in a browser) or ProblemDetails (a program), and the page's words.</summary>
internal static class PageRequests
{
    // Programs call these: they always get JSON, whatever their Accept header says.
    private static readonly string[] JsonPaths = ["/api", "/admin/api", "/wechat", "/sms", "/healthz", "/openapi", "/sandbox/simulator", "/sandbox/sms"];

    public static bool WantPage(HttpContext http)
    {
        var path = http.Request.Path;
        if (JsonPaths.Any(p => path.StartsWithSegments(p))) return false;
        return http.Request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
    }

    /// <summary>The page's title and message for a status, in the words a follower or staff member would use.</summary>
    public static (string Title, string Message) Explain(int status) => status switch
    {
        401 => ("需要登录", "请先登录后再访问此页面。"),
        403 => ("没有权限", "您的账号不能访问此页面。如需访问，请联系管理员开通相应角色。"),
        404 => ("页面不存在", "您访问的页面不存在或已被删除，请检查链接。"),
        405 => ("请求方式不对", "请从页面上的按钮或链接进入。"),
        409 => ("操作冲突", "内容刚被修改过，请刷新页面后重试。"),
        413 => ("提交内容过大", "请返回页面，减少内容后重新提交。"),
        429 => ("操作太频繁", "请稍后再试。"),
        503 => ("服务暂不可用", "系统正忙，请稍后再试。"),
        >= 500 => ("出错了", "服务器暂时出现问题，请稍后再试。"),
        _ => ("请求无效", "提交的内容不完整或格式不对，请返回页面重试。"),
    };
}
