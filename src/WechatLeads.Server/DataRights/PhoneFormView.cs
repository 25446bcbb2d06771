using WechatLeads.Server.H5;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.DataRights;

/// <summary>更正手机号, first step: the new number (and why the last try was refused, if it was).</summary>
public sealed record PhoneFormView(FormToken Token, string? Error);

/// <summary>更正手机号, second step: the code sent to the new number, for this verification.</summary>
/// <param name="Error">Set after a wrong code: the same code can be typed again (up to five tries), no new SMS needed.</param>
public sealed record PhoneCodeView(FormToken Token, string VerificationId, string? Error = null);
