using WechatLeads.Sms.Aliyun;
using V = WechatLeads.Sms.Tests.Vectors.Acs3;

namespace WechatLeads.Sms.Tests.Aliyun;

/// <summary>Our ACS3-HMAC-SHA256 against Alibaba Cloud's published V3 example.</summary>
public sealed class Acs3SignerTests
{
    private static Acs3Signature Sign(string secret = V.AccessKeySecret) =>
        Acs3Signer.Sign(V.AccessKeyId, secret, "POST", "/", V.Query,
            Acs3Signer.CreateHeaders(V.Host, V.Action, V.Version, V.Date, V.Nonce, []), []);

    [Fact]
    public void The_published_example_reproduces_canonical_request_hash_signature_and_authorization()
    {
        var s = Sign();
        Assert.Equal(V.CanonicalRequest, s.CanonicalRequest);
        Assert.Equal(V.HashedCanonicalRequest, s.HashedCanonicalRequest);
        Assert.Equal("ACS3-HMAC-SHA256\n" + V.HashedCanonicalRequest, s.StringToSign);
        Assert.Equal(V.Signature, s.Signature);
        Assert.Equal(V.Authorization, s.Authorization); // no spaces after the commas
    }

    [Fact]
    public void Headers_carry_the_empty_body_hash_and_the_date_to_the_second_in_utc()
    {
        var headers = Acs3Signer.CreateHeaders(V.Host, V.Action, V.Version, V.Date.ToOffset(TimeSpan.FromHours(8)), V.Nonce, []);
        Assert.Equal(V.EmptyHash, headers["x-acs-content-sha256"]);
        Assert.Equal("2023-10-26T10:22:32Z", headers["x-acs-date"]);
        Assert.False(headers.ContainsKey("content-type")); // only with a body
    }

    [Fact]
    public void The_canonical_query_sorts_names_and_encodes_per_rfc_3986()
    {
        Assert.Equal(V.CanonicalQuery, Acs3Signer.CanonicalQuery([V.Query[1], V.Query[0]]));
        Assert.Equal("A=a%20b%2Ac~d&B=%E9%98%BF%2C%7B%22k%22%3A%22v%22%7D&C=",
            Acs3Signer.CanonicalQuery([new("B", "阿,{\"k\":\"v\"}"), new("C", ""), new("A", "a b*c~d")]));
    }

    [Fact]
    public void A_different_secret_gives_a_different_signature() =>
        Assert.NotEqual(V.Signature, Sign("YourAccessKeySecreT").Signature);
}
