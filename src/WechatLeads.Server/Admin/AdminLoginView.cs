namespace WechatLeads.Server.Admin;

/// <summary>What <see cref="AdminLoginPage"/> shows: the antiforgery token, where to go after, and why the last try failed.</summary>
/// <param name="StoreAccount">The account was a store's: the page points to the store redemption page instead.</param>
/// <param name="NoAccountConfigured">No console account exists yet: the page says how to add one.</param>
public sealed record AdminLoginView(string Antiforgery, string ReturnUrl, string? Error, bool StoreAccount, bool NoAccountConfigured);
