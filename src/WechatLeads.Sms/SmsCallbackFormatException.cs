namespace WechatLeads.Sms;

/// <summary>
/// A provider callback body is not the documented shape (not JSON, wrong top-level type, a required field
/// missing). The message names the field, never the payload (it holds phone numbers). The host answers 400.
/// </summary>
public sealed class SmsCallbackFormatException(string message, Exception? inner = null) : FormatException(message, inner);
