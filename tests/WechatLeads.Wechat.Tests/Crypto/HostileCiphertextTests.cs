using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using WechatLeads.Wechat.Crypto;

namespace WechatLeads.Wechat.Tests.Crypto;

/// <summary>
/// Ciphertexts built by hand with a correct key, so that each one fails exactly one check after decryption
/// (pad, length, AppId) — tampering at random rarely reaches the later checks.
/// </summary>
public sealed class HostileCiphertextTests
{
    private const string Key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private const string AppId = "wxb11529c136998cb6";
    private static readonly WechatMessageCrypto Crypto = new(Key, AppId);

    /// <summary>random(16) ‖ length ‖ message ‖ appId ‖ pad, encrypted with no padding of its own.</summary>
    private static string Seal(int lengthField, byte[] message, byte[] appId, byte[] pad)
    {
        var plain = new byte[20 + message.Length + appId.Length + pad.Length];
        BinaryPrimitives.WriteInt32BigEndian(plain.AsSpan(16), lengthField);
        message.CopyTo(plain, 20);
        appId.CopyTo(plain, 20 + message.Length);
        pad.CopyTo(plain, 20 + message.Length + appId.Length);
        var key = Convert.FromBase64String(Key + "=");
        using var aes = Aes.Create();
        aes.Key = key;
        return Convert.ToBase64String(aes.EncryptCbc(plain, key.AsSpan(0, 16), PaddingMode.None));
    }

    private static byte[] Pad(int count, byte value) => Enumerable.Repeat(value, count).ToArray();

    private static readonly byte[] Hello = Encoding.UTF8.GetBytes("hello"); // 20 + 5 + 18 = 43 bytes: pad 21

    [Fact]
    public void A_hand_built_message_with_a_21_byte_pad_is_accepted() =>
        Assert.Equal("hello", Crypto.Decrypt(Seal(5, Hello, Encoding.UTF8.GetBytes(AppId), Pad(21, 21))));

    [Theory]
    [InlineData(0)]  // a pad byte of 0 is never valid
    [InlineData(33)] // above the 32-byte block
    public void A_pad_byte_outside_1_to_32_is_refused(int padValue) =>
        Assert.Throws<WechatCryptoException>(() => Crypto.Decrypt(Seal(5, Hello, Encoding.UTF8.GetBytes(AppId), [.. Pad(20, 21), (byte)padValue])));

    [Fact]
    public void A_pad_whose_bytes_disagree_is_refused()
    {
        var pad = Pad(21, 21);
        pad[3] = 20;
        Assert.Throws<WechatCryptoException>(() => Crypto.Decrypt(Seal(5, Hello, Encoding.UTF8.GetBytes(AppId), pad)));
    }

    [Theory]
    [InlineData(int.MaxValue)] // 20 + length overflows int: must not slip past the bounds check
    [InlineData(int.MaxValue - 19)]
    [InlineData(-1)]
    [InlineData(1000)]
    public void A_length_field_outside_the_content_is_refused(int lengthField) =>
        Assert.Throws<WechatCryptoException>(() => Crypto.Decrypt(Seal(lengthField, Hello, Encoding.UTF8.GetBytes(AppId), Pad(21, 21))));

    [Fact]
    public void A_length_field_that_eats_into_the_appid_is_refused() =>
        Assert.Throws<WechatCryptoException>(() => Crypto.Decrypt(Seal(6, Hello, Encoding.UTF8.GetBytes(AppId), Pad(21, 21))));

    [Fact]
    public void A_truncated_appid_is_refused() =>
        Assert.Throws<WechatCryptoException>(() => Crypto.Decrypt(Seal(5, Hello, Encoding.UTF8.GetBytes(AppId[..^1]), Pad(22, 22))));

    [Fact]
    public void A_message_that_is_not_utf8_is_refused() =>
        Assert.Throws<WechatCryptoException>(() => Crypto.Decrypt(Seal(5, [0xff, 0xfe, 0x41, 0x42, 0x43], Encoding.UTF8.GetBytes(AppId), Pad(21, 21))));

    [Fact]
    public void A_ciphertext_that_is_not_whole_blocks_is_refused() =>
        Assert.Throws<WechatCryptoException>(() => Crypto.Decrypt(Convert.ToBase64String(new byte[40])));

    [Fact]
    public void Mini_program_data_with_a_wrong_session_key_is_refused()
    {
        var v = Vectors.Section("miniProgramEncryptedData").First();
        var wrongKey = Convert.ToBase64String(new byte[16]);
        Assert.Throws<WechatCryptoException>(() => MiniProgramDataDecryptor.DecryptAndVerify(v.S("encryptedData"), v.S("iv"), wrongKey, v.S("appId")));
    }

    [Theory]
    [InlineData(32, 16)] // a 32-byte key would quietly mean AES-256
    [InlineData(16, 8)]
    public void Mini_program_keys_and_ivs_must_be_16_bytes(int keyBytes, int ivBytes) =>
        Assert.Throws<WechatCryptoException>(() => MiniProgramDataDecryptor.Decrypt(
            Convert.ToBase64String(new byte[32]), Convert.ToBase64String(new byte[ivBytes]), Convert.ToBase64String(new byte[keyBytes])));

    [Theory]
    [InlineData("""{"watermark":{"appid":42}}""")]
    [InlineData("""{"watermark":"wxapp"}""")]
    [InlineData("""["wxapp"]""")]
    [InlineData("""{"openId":"o"}""")]
    [InlineData("not json")]
    public void Mini_program_data_without_a_matching_string_watermark_is_refused(string json)
    {
        var key = new byte[16];
        var iv = new byte[16];
        using var aes = Aes.Create();
        aes.Key = key;
        var data = Convert.ToBase64String(aes.EncryptCbc(Encoding.UTF8.GetBytes(json), iv, PaddingMode.PKCS7));
        Assert.Throws<WechatCryptoException>(() =>
            MiniProgramDataDecryptor.DecryptAndVerify(data, Convert.ToBase64String(iv), Convert.ToBase64String(key), "wxapp"));
    }
}
