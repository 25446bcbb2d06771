using WechatLeads.Server.H5;
namespace WechatLeads.Server.Platform.Web;

/// <summary>A finished step (退订成功, 手机号已更正, 已提交…): what happened, a note in small print, and the way back.</summary>
public sealed record DoneView(string Id, string Title, string Message, string? Note = null, string? LinkText = null, string? Link = null);
