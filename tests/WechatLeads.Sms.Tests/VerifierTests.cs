using System.Text;
using WechatLeads.Sms.Aliyun;
using WechatLeads.Sms.Tencent;
using A = WechatLeads.Sms.Tests.Vectors.Acs3;
using T = WechatLeads.Sms.Tests.Vectors.Tc3;

namespace WechatLeads.Sms.Tests;

/// <summary>The verifiers accept the published requests and refuse what the providers would refuse.</summary>
public sealed class VerifierTests
{
    private static readonly DateTimeOffset TencentNow = DateTimeOffset.FromUnixTimeSeconds(T.Timestamp).AddSeconds(30);

    private static IncomingSignedRequest TencentRequest(string authorization, string body = T.Body, string host = T.Host) => new(
        "POST", host, "/", "",
        new Dictionary<string, string>
        {
            ["Authorization"] = authorization,
            ["Content-Type"] = T.ContentType,
            ["X-TC-Action"] = T.Action,
            ["X-TC-Timestamp"] = T.Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
        Encoding.UTF8.GetBytes(body));

    private static TencentSignatureVerifier Tencent(string secret, DateTimeOffset? now = null) =>
        new(id => id == T.Current.SecretId ? secret : null, new ManualClock(now ?? TencentNow));

    [Fact]
    public void Tencent_accepts_the_published_request()
    {
        Assert.True(Tencent(T.Current.SecretKey).Verify(TencentRequest(T.Current.Authorization)).IsValid);
    }

    [Fact]
    public void Tencent_refuses_a_signature_made_with_another_secret()
    {
        var result = Tencent(T.Current.SecretKey + "-rotated").Verify(TencentRequest(T.Current.Authorization));
        Assert.Equal((false, "AuthFailure.SignatureFailure"), (result.IsValid, result.ErrorCode));
    }

    [Fact]
    public void Tencent_refuses_a_body_or_host_changed_after_signing()
    {
        Assert.False(Tencent(T.Current.SecretKey)
            .Verify(TencentRequest(T.Current.Authorization, body: T.Body.Replace("1", "2", StringComparison.Ordinal))).IsValid);
        Assert.False(Tencent(T.Current.SecretKey).Verify(TencentRequest(T.Current.Authorization, host: "sms.tencentcloudapi.com")).IsValid);
    }

    [Fact]
    public void Tencent_refuses_a_stale_timestamp_and_an_unknown_secret_id()
    {
        Assert.Equal(
            "AuthFailure.SignatureExpire",
            Tencent(T.Current.SecretKey, TencentNow.AddMinutes(6)).Verify(TencentRequest(T.Current.Authorization)).ErrorCode);
        var other = new TencentSignatureVerifier(_ => null, new ManualClock(TencentNow));
        Assert.Equal("AuthFailure.SecretIdNotFound", other.Verify(TencentRequest(T.Current.Authorization)).ErrorCode);
    }

    [Fact]
    public void Tencent_refuses_a_signature_that_leaves_host_unsigned()
    {
        var s = Tc3Signer.Sign(
            T.Current.SecretId,
            T.Current.SecretKey,
            T.Service,
            "POST",
            "/",
            "",
            [new("content-type", T.ContentType)],
            T.Timestamp,
            Encoding.UTF8.GetBytes(T.Body));
        Assert.Equal("AuthFailure.SignatureFailure", Tencent(T.Current.SecretKey).Verify(TencentRequest(s.Authorization)).ErrorCode);
    }

    private static IncomingSignedRequest AliyunRequest(string authorization, string query = A.CanonicalQuery, string nonce = A.Nonce)
    {
        var headers = Acs3Signer.CreateHeaders(A.Host, A.Action, A.Version, A.Date, nonce, []);
        headers.Remove("host");
        headers["Authorization"] = authorization;
        return new IncomingSignedRequest("POST", A.Host, "/", query, headers, []);
    }

    private static Acs3SignatureVerifier Aliyun(string secret, DateTimeOffset? now = null) =>
        new(id => id == A.AccessKeyId ? secret : null, new ManualClock(now ?? A.Date.AddMinutes(1)));

    [Fact]
    public void Aliyun_accepts_the_published_request_once_and_refuses_its_nonce_again()
    {
        var verifier = Aliyun(A.AccessKeySecret);
        Assert.True(verifier.Verify(AliyunRequest(A.Authorization)).IsValid);
        Assert.Equal("SignatureNonceUsed", verifier.Verify(AliyunRequest(A.Authorization)).ErrorCode);
    }

    [Fact]
    public void Aliyun_refuses_a_signature_made_with_another_secret()
    {
        var result = Aliyun("SomeOtherSecret").Verify(AliyunRequest(A.Authorization));
        Assert.Equal((false, "SignatureDoesNotMatch"), (result.IsValid, result.ErrorCode));
    }

    [Fact]
    public void Aliyun_refuses_a_changed_query_and_a_stale_date()
    {
        Assert.Equal("SignatureDoesNotMatch", Aliyun(A.AccessKeySecret).Verify(AliyunRequest(A.Authorization, query: A.CanonicalQuery + "&X=1")).ErrorCode);
        Assert.Equal("InvalidTimeStamp.Expired", Aliyun(A.AccessKeySecret, A.Date.AddMinutes(16)).Verify(AliyunRequest(A.Authorization)).ErrorCode);
    }

    [Fact]
    public void Aliyun_checks_the_re_encoded_query_not_the_received_bytes()
    {
        // Same decoded values, different (still valid) percent-encoding: the provider canonicalises what it decoded.
        var query = "RegionId=cn%2Dshanghai&ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd";
        Assert.True(Aliyun(A.AccessKeySecret).Verify(AliyunRequest(A.Authorization, query)).IsValid);
    }
}
