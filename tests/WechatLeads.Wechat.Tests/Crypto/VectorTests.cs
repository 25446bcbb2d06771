using System.Text;
using WechatLeads.Wechat.Crypto;

namespace WechatLeads.Wechat.Tests.Crypto;

public sealed class VectorTests
{
    public static TheoryData<int> PlainSignatures => Vectors.Indexes("plainSignature");
    public static TheoryData<int> SafeModeAll => Vectors.Indexes("safeMode");
    public static TheoryData<int> SafeModeSigned => Vectors.Indexes("safeMode", v => v.Has("msgSignature"));
    public static TheoryData<int> SafeModeDeterministic => Vectors.Indexes("safeMode", v => v.Has("random16"));
    public static TheoryData<int> SafeModeReplies => Vectors.Indexes("safeMode", v => v.Has("reply"));

    [Theory]
    [MemberData(nameof(PlainSignatures))]
    public void Every_published_plain_signature_verifies(int i)
    {
        var v = Vectors.At("plainSignature", i);
        Assert.Equal(v.S("signature"), WechatSignature.Compute(v.S("token"), v.S("timestamp"), v.S("nonce")));
        Assert.True(WechatSignature.Verify(v.S("signature"), v.S("token"), v.S("timestamp"), v.S("nonce")));
        Assert.False(WechatSignature.Verify(v.S("signature"), v.S("token") + "x", v.S("timestamp"), v.S("nonce")));
    }

    [Theory]
    [MemberData(nameof(SafeModeSigned))]
    public void Every_published_msg_signature_verifies(int i)
    {
        var v = Vectors.At("safeMode", i);
        Assert.True(WechatSignature.Verify(v.S("msgSignature"), v.S("token"), v.S("timestamp"), v.S("nonce"), v.S("encrypt")));
    }

    [Theory]
    [MemberData(nameof(SafeModeAll))]
    public void Every_published_ciphertext_decrypts_to_its_plaintext_whatever_its_pad(int i)
    {
        var v = Vectors.At("safeMode", i);
        var crypto = new WechatMessageCrypto(v.S("encodingAESKey"), v.S("appId"));
        Assert.Equal(v.S("plaintext"), crypto.Decrypt(v.S("encrypt")));
    }

    [Theory]
    [MemberData(nameof(SafeModeDeterministic))]
    public void Encrypting_with_the_published_random_prefix_gives_the_published_ciphertext(int i)
    {
        var v = Vectors.At("safeMode", i);
        var crypto = new WechatMessageCrypto(v.S("encodingAESKey"), v.S("appId"));
        Assert.Equal(v.S("encrypt"), crypto.Encrypt(v.S("plaintext"), Encoding.ASCII.GetBytes(v.S("random16"))));
    }

    [Theory]
    [MemberData(nameof(SafeModeReplies))]
    public void The_published_encrypted_reply_is_reproduced_and_signed(int i)
    {
        var v = Vectors.At("safeMode", i);
        var reply = v.GetProperty("reply");
        var crypto = new WechatMessageCrypto(v.S("encodingAESKey"), v.S("appId"));
        var encrypt = crypto.Encrypt(reply.S("plaintext"), Encoding.ASCII.GetBytes(reply.S("random16")));
        Assert.Equal(reply.S("encrypt"), encrypt);
        Assert.Equal(reply.S("msgSignature"), WechatSignature.Compute(v.S("token"), reply.S("timestamp"), reply.S("nonce"), encrypt));
        Assert.Equal(reply.S("plaintext"), crypto.Decrypt(reply.S("encrypt")));
    }

    public static TheoryData<int> SafeModeWithPad => Vectors.Indexes("safeMode", v => v.Has("padBytes"));
    public static TheoryData<int> MiniProgram => Vectors.Indexes("miniProgramEncryptedData");
    public static TheoryData<int> JsSdk => Vectors.Indexes("jsSdkSignature");

    [Theory]
    [MemberData(nameof(SafeModeWithPad))]
    public void Each_vector_has_the_pad_it_declares_and_decrypts(int i)
    {
        var v = Vectors.At("safeMode", i);
        var content = 16 + 4 + Encoding.UTF8.GetByteCount(v.S("plaintext")) + Encoding.UTF8.GetByteCount(v.S("appId"));
        Assert.Equal(v.GetProperty("padBytes").GetInt32(), Convert.FromBase64String(v.S("encrypt")).Length - content);
        Assert.Equal(v.S("plaintext"), new WechatMessageCrypto(v.S("encodingAESKey"), v.S("appId")).Decrypt(v.S("encrypt")));
    }

    [Fact]
    public void Decrypt_accepts_pads_of_19_30_and_21_bytes()
    {
        // .NET's PaddingMode.PKCS7 (16-byte blocks) throws on every pad above 16; these come from real traffic.
        var pads = Vectors.Section("safeMode").Where(v => v.Has("padBytes")).Select(v => v.GetProperty("padBytes").GetInt32()).ToList();
        Assert.Contains(19, pads);
        Assert.Contains(30, pads);
        Assert.Contains(21, pads);
    }

    [Theory]
    [MemberData(nameof(MiniProgram))]
    public void Every_published_mini_program_payload_decrypts_and_its_watermark_is_checked(int i)
    {
        var v = Vectors.At("miniProgramEncryptedData", i);
        Assert.Equal(v.S("plaintext"), MiniProgramDataDecryptor.Decrypt(v.S("encryptedData"), v.S("iv"), v.S("sessionKey")));
        using var doc = MiniProgramDataDecryptor.DecryptAndVerify(v.S("encryptedData"), v.S("iv"), v.S("sessionKey"), v.S("appId"));
        Assert.Equal(v.S("appId"), doc.RootElement.GetProperty("watermark").GetProperty("appid").GetString());
        Assert.Throws<WechatCryptoException>(() =>
            MiniProgramDataDecryptor.DecryptAndVerify(v.S("encryptedData"), v.S("iv"), v.S("sessionKey"), "wx0000000000000000"));
    }

    [Theory]
    [MemberData(nameof(JsSdk))]
    public void Every_published_js_sdk_signature_is_reproduced(int i)
    {
        var v = Vectors.At("jsSdkSignature", i);
        Assert.Equal(v.S("signature"), JsSdkSignature.Compute(v.S("jsapiTicket"), v.S("noncestr"), v.S("timestamp"), v.S("url")));
        // The page's #fragment is not part of what WeChat signs; anything else changes the signature.
        Assert.Equal(v.S("signature"), JsSdkSignature.Compute(v.S("jsapiTicket"), v.S("noncestr"), v.S("timestamp"), v.S("url") + "#/scan"));
        Assert.NotEqual(v.S("signature"), JsSdkSignature.Compute(v.S("jsapiTicket"), v.S("noncestr"), v.S("timestamp"), v.S("url") + "&x=1"));
    }
}
