namespace WechatLeads.Sms.Tests;

/// <summary>
/// Published signature examples, copied here (the tests never read anything outside this project).
/// Tencent: the CVM DescribeInstances POST example of the "签名方法 v3" page (cloud.tencent.com/document/api/213/30654),
/// in its 2019 form (EXAMPLE key, content-type;host) and its current form (masked key of literal asterisks,
/// x-tc-action signed, with the derived keys). Aliyun: the RunInstances example of "V3版本请求体&amp;签名机制".
/// </summary>
internal static class Vectors
{
    public static class Tc3
    {
        // Exact bytes: literal \u escapes and spaces after ':' and ','.
        public const string Body = """{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}""";
        public const string BodySha256 = "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064";
        public const string Host = "cvm.tencentcloudapi.com";
        public const string Service = "cvm";
        public const string ContentType = "application/json; charset=utf-8";
        public const long Timestamp = 1551113065;
        public const string Date = "2019-02-25";
        public const string Action = "DescribeInstances";

        public static class V2019
        {
            public const string SecretId = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
            public const string SecretKey = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
            public const string CanonicalRequest = "POST\n/\n\ncontent-type:application/json; " +
                "charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n"
                + BodySha256;
            public const string HashedCanonicalRequest = "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031";
            public const string StringToSign = "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n" + HashedCanonicalRequest;
            public const string Signature = "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168";
            public const string Authorization = "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, " +
                "SignedHeaders=content-type;host, Signature="
                + Signature;
        }

        /// <summary>Intermediate docs / SDK tests: the same request with the key masked as 3 + 7 asterisks.</summary>
        public static class Masked
        {
            public const string SecretId = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******";
            public const string SecretKey = "Gu5t9xGARNpq86cd98joQYCN3*******";
            public const string Signature = "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c";
        }

        public static class Current
        {
            public static readonly string SecretId = "AKID" + new string('*', 32);
            public static readonly string SecretKey = new('*', 32);
            public const string CanonicalRequest = "POST\n/\n\ncontent-type:application/json; " +
                "charset=utf-8\nhost:cvm.tencentcloudapi.com\nx-tc-action:describeinstances\n\ncontent-type;host;x-tc-action\n"
                + BodySha256;
            public const string HashedCanonicalRequest = "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84";
            public const string StringToSign = "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n" + HashedCanonicalRequest;
            public const string SecretDate = "da98fb70dcf6b112dc21038d1eeeb3a95c74b4dcb12c1131f864f6066bd02be0";
            public const string SecretService = "8d70cbefb03939f929db64d32dc2ba89b1095620119fe3e050e2b18c5bd2752f";
            public const string SecretSigning = "b596b923aad85185e2d1f6659d2a062e0a86731226e021e61bfe06f7ed05f5af";
            public const string Signature = "10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f";
            public static readonly string Authorization = $"TC3-HMAC-SHA256 Credential={SecretId}/2019-02-25/cvm/tc3_request, " +
                $"SignedHeaders=content-type;host;x-tc-action, Signature={Signature}";
        }
    }

    public static class Acs3
    {
        public const string Host = "ecs.cn-shanghai.aliyuncs.com";
        public const string Action = "RunInstances";
        public const string Version = "2014-05-26";
        public static readonly DateTimeOffset Date = new(2023, 10, 26, 10, 22, 32, TimeSpan.Zero);
        public const string Nonce = "3156853299f313e23d1673dc12e1703d";
        public static readonly KeyValuePair<string, string>[] Query = [
            new("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"),
            new("RegionId", "cn-shanghai")];
        public const string CanonicalQuery = "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai";
        public const string AccessKeyId = "YourAccessKeyId";
        public const string AccessKeySecret = "YourAccessKeySecret";
        public const string EmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        public const string SignedHeaders = "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version";
        public const string CanonicalRequest = "POST\n/\n"
            + CanonicalQuery
            + "\nhost:ecs.cn-shanghai.aliyuncs.com\nx-acs-action:RunInstances\nx-acs-content-sha256:"
            + EmptyHash +
            "\nx-acs-date:2023-10-26T10:22:32Z\nx-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\nx-acs-version:2014-05-26\n\n"
                + SignedHeaders
                + "\n"
                + EmptyHash;
        public const string HashedCanonicalRequest = "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259";
        public const string Signature = "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0";
        public const string Authorization = "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=" + SignedHeaders + ",Signature=" + Signature;
    }
}
