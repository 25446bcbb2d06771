using System.Text;
using WechatLeads.Sms.Tencent;
using V = WechatLeads.Sms.Tests.Vectors.Tc3;

namespace WechatLeads.Sms.Tests.Tencent;

/// <summary>Our TC3-HMAC-SHA256 against Tencent's published example, value by value.</summary>
public sealed class Tc3SignerTests
{
    private static Tc3Signature Sign(string id, string key, bool signAction) =>
        Tc3Signer.Sign(id, key, V.Service, "POST", "/", "",
            signAction
                ? [new("content-type", V.ContentType), new("host", V.Host), new("x-tc-action", V.Action)]
                : [new("content-type", V.ContentType), new("host", V.Host)],
            V.Timestamp, Encoding.UTF8.GetBytes(V.Body));

    [Fact]
    public void The_example_body_hashes_to_the_published_payload_hash() =>
        Assert.Equal(V.BodySha256, SmsHashing.Sha256Hex(Encoding.UTF8.GetBytes(V.Body)));

    [Fact]
    public void The_2019_example_key_reproduces_the_published_canonical_request_hash_and_signature()
    {
        var s = Sign(V.V2019.SecretId, V.V2019.SecretKey, signAction: false);
        Assert.Equal(V.V2019.CanonicalRequest, s.CanonicalRequest);
        Assert.Equal(V.V2019.HashedCanonicalRequest, s.HashedCanonicalRequest);
        Assert.Equal(V.V2019.StringToSign, s.StringToSign);
        Assert.Equal(V.V2019.Signature, s.Signature);
        Assert.Equal(V.V2019.Authorization, s.Authorization);
    }

    [Fact]
    public void The_masked_key_of_the_intermediate_docs_reproduces_its_signature()
    {
        var s = Sign(V.Masked.SecretId, V.Masked.SecretKey, signAction: false);
        Assert.Equal(V.V2019.HashedCanonicalRequest, s.HashedCanonicalRequest);
        Assert.Equal(V.Masked.Signature, s.Signature);
    }

    [Fact]
    public void The_current_docs_example_with_x_tc_action_signed_reproduces_every_derived_key_and_the_signature()
    {
        var s = Sign(V.Current.SecretId, V.Current.SecretKey, signAction: true);
        Assert.Equal(V.Current.CanonicalRequest, s.CanonicalRequest); // action value lower-cased, empty line before SignedHeaders
        Assert.Equal(V.Current.HashedCanonicalRequest, s.HashedCanonicalRequest);
        Assert.Equal(V.Current.StringToSign, s.StringToSign);
        Assert.Equal(V.Current.SecretDate, Convert.ToHexStringLower(s.SecretDate));
        Assert.Equal(V.Current.SecretService, Convert.ToHexStringLower(s.SecretService));
        Assert.Equal(V.Current.SecretSigning, Convert.ToHexStringLower(s.SecretSigning));
        Assert.Equal(V.Current.Signature, s.Signature);
        Assert.Equal(V.Current.Authorization, s.Authorization);
    }

    [Fact]
    public void Signed_headers_are_sorted_whatever_order_they_are_given_in()
    {
        var s = Tc3Signer.Sign(V.Current.SecretId, V.Current.SecretKey, V.Service, "post", "/", "",
            [new("X-TC-Action", V.Action), new("Host", V.Host), new("Content-Type", V.ContentType)], V.Timestamp, Encoding.UTF8.GetBytes(V.Body));
        Assert.Equal(V.Current.Signature, s.Signature);
    }

    [Fact]
    public void The_scope_date_is_the_utc_date_not_beijing_time()
    {
        // 1551113065 is 2019-02-26 00:44:25 in UTC+8; the docs require 2019-02-25.
        Assert.Equal(V.Date, Tc3Signer.Date(V.Timestamp));
    }

    [Fact]
    public void A_different_secret_gives_a_different_signature()
    {
        Assert.NotEqual(V.V2019.Signature, Sign(V.V2019.SecretId, V.V2019.SecretKey + "x", signAction: false).Signature);
    }

    [Fact]
    public void The_derived_keys_are_not_printed()
    {
        var s = Sign(V.Current.SecretId, V.Current.SecretKey, signAction: true);
        Assert.DoesNotContain(V.Current.SecretSigning, s.ToString(), StringComparison.Ordinal);
    }
}
