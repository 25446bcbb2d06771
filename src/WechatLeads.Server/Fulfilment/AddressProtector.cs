using System.Text.Json;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Security;

namespace WechatLeads.Server.Fulfilment;

/// <summary>Where a prize goes: recipient, their phone, the postal address. All three are personal data.</summary>
internal sealed record DeliveryAddress(string Name, string Phone, string Address)
{
    public const int MaxName = 20;
    public const int MaxAddress = 120;

    /// <summary>The problem with what was typed, in words for the winner; null when it can be used.</summary>
    public static string? Problem(string? name, string? phone, string? address, out DeliveryAddress? parsed)
    {
        parsed = null;
        name = name?.Trim();
        address = address?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxName || name.Any(char.IsControl)) return $"请填写收件人姓名（不超过 {MaxName} 个字）。";
        if (!PhoneNumber.TryParse(phone, out var number)) return "请填写有效的中国大陆手机号（11 位）。";
        if (string.IsNullOrEmpty(address) || address.Length < 6 || address.Length > MaxAddress || address.Any(char.IsControl))
            return $"请填写完整的收货地址（省市区、街道门牌，6-{MaxAddress} 个字）。";
        parsed = new DeliveryAddress(name, number.Value.Digits, address);
        return null;
    }

    /// <summary>For staff lists: 张* 138****5678 上海市静安区****.</summary>
    public MaskedAddress Masked() => new(MaskName(Name), PhoneNumber.Mask(Phone), MaskStreet(Address));

    private static string MaskName(string name) => name.Length <= 1 ? "*" : name[..1] + new string('*', Math.Min(name.Length - 1, 3));

    /// <summary>The region (up to the district or county, at most 8 characters) is enough to plan shipping; the rest is hidden.</summary>
    private static string MaskStreet(string address)
    {
        var end = address.IndexOfAny(['区', '县', '旗']);
        var keep = end is > 0 and < 8 ? end + 1 : Math.Min(6, address.Length / 2);
        return address[..keep] + "****";
    }
}

internal sealed record MaskedAddress(string Name, string Phone, string Address);

/// <summary>
/// The address blob: one AES-GCM value with the field cipher the phone numbers use, bound to its own purpose
/// so it can't be swapped with a phone column. Never logged; decrypted only for the winner, a masked staff
/// list, and an audited reveal.
/// </summary>
internal sealed class AddressProtector(FieldCipher cipher)
{
    private const string Purpose = "prize-address";

    public string Encrypt(DeliveryAddress address) => cipher.Encrypt(JsonSerializer.Serialize(address), Purpose);

    public DeliveryAddress Decrypt(string stored) =>
        JsonSerializer.Deserialize<DeliveryAddress>(cipher.Decrypt(stored, Purpose)) ?? throw new InvalidOperationException("An empty address blob.");
}
