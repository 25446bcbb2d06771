using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.Fulfilment;

/// <summary>
/// Getting a physical prize to its winner: made with the winning participation (same id), then the winner
/// gives an address (or chooses pickup at a store) before <see cref="ClaimBy"/>, staff ship it and mark it
/// delivered or returned. A prize nobody claims in time goes back to the inventory. Every state change is a
/// conditional update on <see cref="State"/>, so two staff (or a job and a person) racing cannot both act.
/// The address is personal data collected for this one purpose: encrypted, masked on staff screens, and
/// deleted <c>Fulfilment:AddressRetentionDays</c> after the parcel's journey ends (<see cref="AddressPurgeAt"/>).
/// </summary>
internal sealed class PrizeFulfilment
{
    /// <summary>The participation that won the prize (one fulfilment per winning participation).</summary>
    public required string Id { get; set; }
    public long CampaignId { get; set; }
    public long PrizeId { get; set; }
    public required string LeadId { get; set; }
    /// <summary>The keyed hash of the winner's WeChat identity: only they see it in 我的奖品.</summary>
    public required string SubjectKey { get; set; }
    public string State { get; set; } = FulfilmentStates.AwaitingAddress;
    /// <summary>The winner must give an address or choose pickup before this moment (UTC).</summary>
    public DateTime ClaimBy { get; set; }
    /// <summary><see cref="FulfilmentMethods.Delivery"/> or <see cref="FulfilmentMethods.Pickup"/>; null until the winner chooses.</summary>
    public string? Method { get; set; }
    /// <summary>Pickup: the store code (<see cref="Store"/>).</summary>
    public string? PickupStore { get; set; }
    /// <summary>Recipient name, phone and address as one encrypted blob (<see cref="AddressProtector"/>); null for pickup and once purged.</summary>
    public string? AddressCipher { get; set; }
    public string? Carrier { get; set; }
    public string? TrackingNumber { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? AddressAt { get; set; }
    public DateTime? ShippedAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public DateTime? ReturnedAt { get; set; }
    public DateTime? ReminderSentAt { get; set; }
    public DateTime? UnclaimedAt { get; set; }
    /// <summary>When the retention purge deletes the address: the end of the journey plus the retention days.</summary>
    public DateTime? AddressPurgeAt { get; set; }
}

internal static class FulfilmentStates
{
    public const string AwaitingAddress = "awaiting_address";
    /// <summary>Address given (to ship) or pickup chosen (to hand over at the store).</summary>
    public const string Ready = "ready";
    public const string Shipped = "shipped";
    public const string Delivered = "delivered";
    public const string Returned = "returned";
    /// <summary>The claim deadline passed without an address; the prize went back to the inventory.</summary>
    public const string Unclaimed = "unclaimed";

    public static readonly string[] All = [AwaitingAddress, Ready, Shipped, Delivered, Returned, Unclaimed];

    /// <summary>What the winner reads.</summary>
    public static string Chinese(string state, string? method) => state switch
    {
        AwaitingAddress => "待填写收货信息",
        Ready => method == FulfilmentMethods.Pickup ? "待到店领取" : "待发货",
        Shipped => "已发货",
        Delivered => method == FulfilmentMethods.Pickup ? "已领取" : "已签收",
        Returned => "已退回",
        Unclaimed => "已过期（未在期限内领取）",
        _ => state,
    };
}

internal static class FulfilmentMethods
{
    public const string Delivery = "delivery";
    public const string Pickup = "pickup";
}

internal sealed class PrizeFulfilmentConfiguration : IEntityTypeConfiguration<PrizeFulfilment>
{
    public void Configure(EntityTypeBuilder<PrizeFulfilment> b)
    {
        b.ToTable("PrizeFulfilments");
        b.Property(x => x.Id).HasMaxLength(32);
        b.Property(x => x.LeadId).HasMaxLength(32);
        b.Property(x => x.SubjectKey).HasMaxLength(64);
        b.Property(x => x.State).HasMaxLength(16);
        b.Property(x => x.Method).HasMaxLength(16);
        b.Property(x => x.PickupStore).HasMaxLength(32);
        b.Property(x => x.AddressCipher).HasMaxLength(2048);
        b.Property(x => x.Carrier).HasMaxLength(32);
        b.Property(x => x.TrackingNumber).HasMaxLength(64);
        b.HasIndex(x => x.SubjectKey);
        b.HasIndex(x => x.LeadId);
        // The hourly job finds claims about to lapse (or lapsed) without reading the finished ones.
        b.HasIndex(x => new { x.State, x.ClaimBy });
        b.HasIndex(x => new { x.CampaignId, x.State });
        b.HasIndex(x => x.AddressPurgeAt);
    }
}
