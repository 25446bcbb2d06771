using WechatLeads.Server.H5;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.DataRights;

/// <summary>更正手机号, first step: the new number (and why the last try was refused, if it was).</summary>
public sealed record PhoneFormView(FormToken Token, string? Error);

/// <summary>更正手机号, second step: the code sent to the new number, for this verification.</summary>
public sealed record PhoneCodeView(FormToken Token, string VerificationId);
