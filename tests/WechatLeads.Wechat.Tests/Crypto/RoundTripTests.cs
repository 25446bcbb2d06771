using System.Security.Cryptography;
using System.Text;
using WechatLeads.Wechat.Crypto;

namespace WechatLeads.Wechat.Tests.Crypto;

public sealed class RoundTripTests
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private static string RandomKey(Random random) => new(Enumerable.Range(0, 43).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());

    private static string RandomUtf8(Random random, int maxBytes)
    {
        var pieces = new[] { "a", "Z", "0", " ", "<", "]]>", "é", "中", "文", "😀", "\n", "&" };
        var text = new StringBuilder();
        while (Encoding.UTF8.GetByteCount(text.ToString()) < maxBytes) text.Append(pieces[random.Next(pieces.Length)]);
        return text.ToString();
    }

    [Fact]
    public void Random_keys_and_messages_of_random_utf8_lengths_round_trip()
    {
        var random = new Random(20261128);
        for (var i = 0; i < 400; i++)
        {
            var key = RandomKey(random);
            var appId = "wx" + random.Next().ToString("x8");
            var crypto = new WechatMessageCrypto(key, appId);
            var message = RandomUtf8(random, random.Next(0, 5000));
            var encrypted = crypto.Encrypt(message);
            Assert.Equal(0, Convert.FromBase64String(encrypted).Length % 32);
            Assert.Equal(message, crypto.Decrypt(encrypted));
        }
    }

    [Fact]
    public void Every_pad_length_from_1_to_32_round_trips()
    {
        var crypto = new WechatMessageCrypto(RandomKey(new Random(1)), "wxabc");
        var pads = new HashSet<int>();
        for (var length = 0; length < 64; length++)
        {
            var message = new string('x', length);
            var encrypted = crypto.Encrypt(message);
            pads.Add(32 - (16 + 4 + length + 5) % 32);
            Assert.Equal(message, crypto.Decrypt(encrypted));
        }
        Assert.Equal(32, pads.Count);
    }

    [Fact]
    public void A_message_for_another_appid_is_refused()
    {
        var key = RandomKey(new Random(2));
        var encrypted = new WechatMessageCrypto(key, "wxsender").Encrypt("<xml/>");
        Assert.Throws<WechatCryptoException>(() => new WechatMessageCrypto(key, "wxreceiver").Decrypt(encrypted));
    }

    [Fact]
    public void A_tampered_ciphertext_is_refused_not_misread()
    {
        var crypto = new WechatMessageCrypto(RandomKey(new Random(3)), "wxabc");
        var bytes = Convert.FromBase64String(crypto.Encrypt("hello world, this is a message"));
        var refused = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var copy = (byte[])bytes.Clone();
            copy[i] ^= 0x5a;
            try
            {
                var text = crypto.Decrypt(Convert.ToBase64String(copy));
                Assert.NotEqual("hello world, this is a message", text);
            }
            catch (WechatCryptoException)
            {
                refused++;
            }
        }
        Assert.True(refused > bytes.Length / 2, "most tampering must be detected (AppId, length or pad check)");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 !!")]
    [InlineData("AAAA")]
    public void Garbage_is_refused_with_a_crypto_exception(string encrypt)
    {
        var crypto = new WechatMessageCrypto(RandomKey(new Random(4)), "wxabc");
        Assert.Throws<WechatCryptoException>(() => crypto.Decrypt(encrypt));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF!")]
    public void A_malformed_encoding_aes_key_is_refused_with_a_clear_message(string key)
    {
        var error = Assert.Throws<ArgumentException>(() => new WechatMessageCrypto(key, "wxabc"));
        Assert.Contains("EncodingAESKey", error.Message);
    }

    [Fact]
    public void Signatures_compare_in_constant_time_and_reject_wrong_lengths()
    {
        var good = WechatSignature.Compute("t", "1", "2");
        Assert.True(WechatSignature.Verify(good.ToUpperInvariant(), "t", "1", "2"));
        Assert.False(WechatSignature.Verify(good[..39], "t", "1", "2"));
        Assert.False(WechatSignature.Verify(null, "t", "1", "2"));
        Assert.False(WechatSignature.Verify(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)), "t", "1", "2"));
    }
}
