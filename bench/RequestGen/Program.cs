using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using WechatLeads.Wechat.Crypto;
using WechatLeads.Wechat.Messages;

// Usage:
//   RequestGen pushes <scenario> <count> <out-file>   scenario: plain-text | safe-text | safe-unsubscribe
//   RequestGen count <sqlite-file>                    prints how many opt-outs the database holds
// Writes one request per line: "<path>\t<body>"; every push is a distinct message or event (no de-dup hits).
const string Token = "sandboxtoken";
const string AesKey = "c2FuZGJveC1lbmNvZGluZy1hZXMta2V5LTMyLWJ5dGU";
const string AppId = "wxsandbox00000001";
const string Account = "gh_sandbox000001";

if (args is ["count", var dbFile])
{
    using var connection = new SqliteConnection($"Data Source={dbFile}");
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = "SELECT COUNT(*) FROM \"OptOuts\"";
    Console.WriteLine(Convert.ToInt64(command.ExecuteScalar()));
    return 0;
}

if (args is not ["pushes", var scenario, var countText, var outFile] || !int.TryParse(countText, out var count))
{
    Console.Error.WriteLine("usage: RequestGen pushes <plain-text|safe-text|safe-unsubscribe> <count> <out-file> | RequestGen count <sqlite-file>");
    return 2;
}

var crypto = new WechatMessageCrypto(AesKey, AppId);
var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
var runId = RandomNumberGenerator.GetHexString(8, lowercase: true);
using var writer = new StreamWriter(outFile, false, new UTF8Encoding(false));
for (var i = 0; i < count; i++)
{
    var openId = $"obench{runId}{i:D10}";
    var nonce = (100000 + i).ToString();
    var ts = timestamp.ToString();
    var signature = WechatSignature.Compute(Token, ts, nonce);
    var xml = scenario switch
    {
        "plain-text" or "safe-text" => InboundMessageWriter.Text(Account, openId, timestamp, "你好，想了解一下活动", $"{timestamp}{i:D9}"),
        "safe-unsubscribe" => InboundMessageWriter.Event(Account, openId, timestamp, "CLICK", "UNSUBSCRIBE"),
        _ => throw new ArgumentException($"unknown scenario {scenario}"),
    };
    xml = xml.Replace("\n", "", StringComparison.Ordinal);
    if (scenario == "plain-text")
    {
        writer.Write($"/wechat?signature={signature}&timestamp={ts}&nonce={nonce}\t{xml}\n");
        continue;
    }
    var encrypt = crypto.Encrypt(xml);
    var msgSignature = WechatSignature.Compute(Token, ts, nonce, encrypt);
    writer.Write($"/wechat?signature={signature}&timestamp={ts}&nonce={nonce}&encrypt_type=aes&msg_signature={msgSignature}\t{InboundMessageWriter.EncryptedEnvelope(Account, encrypt)}\n");
}
return 0;
