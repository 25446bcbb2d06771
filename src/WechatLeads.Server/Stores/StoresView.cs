using WechatLeads.Server.Coupons;
using WechatLeads.Server.Stores;
namespace WechatLeads.Server.Stores;

/// <summary>What <see cref="StoresPage"/> shows: every store by code.</summary>
public sealed record StoresView(IReadOnlyList<StoreRow> Stores);

public sealed record StoreRow(string Code, string Name, string? Address);
