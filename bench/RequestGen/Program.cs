using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using WechatLeads.Bench;
using WechatLeads.Wechat.Crypto;
using WechatLeads.Wechat.Messages;

// Usage:
//   RequestGen pushes <scenario> <count> <out-file>   scenario: plain-text | safe-text | safe-unsubscribe
//   RequestGen count <sqlite-file>                    prints how many opt-outs the database holds
//   RequestGen followups <sqlite-file>                prints "<opt-outs> <followed up>" (confirmation sent or skipped)
//   RequestGen participants <base-url> <slug> <count> <out-file>
//                                                     signs in <count> mini-program users (sandbox wx.login) and
//                                                     writes one participation each, distinct phone numbers
//   RequestGen seed-leads <sqlite-file> <count>       adds <count> stored leads (person, lead, participation, consent)
//   RequestGen issued <sqlite-file> <slug>            prints "<participations> <codes issued> <codes given twice> <people over the limit>"
//   RequestGen seed-coupons <sqlite-file> <count>     adds <count> issued coupons R-000000000… (code row + wallet row)
//   RequestGen redemptions <key> <store> <from> <count> <out-file>
//                                                     one POS redemption per coupon, each its own Idempotency-Key
//   RequestGen redeemed <sqlite-file>                 prints "<redemptions> <coupons redeemed> <coupons redeemed twice>"
// Pushes: one request per line, "<path>\t<body>"; every push is a distinct message or event (no de-dup hits).
// Participations: "<path>\t<header>|<header>…\t<body>".
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

if (args is ["followups", var followDb])
{
    using var connection = new SqliteConnection($"Data Source={followDb}");
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = "SELECT COUNT(*), COUNT(\"ConfirmationSentAt\") + COUNT(\"ConfirmationSkipped\") FROM \"OptOuts\"";
    using var reader = command.ExecuteReader();
    reader.Read();
    Console.WriteLine($"{reader.GetInt64(0)} {reader.GetInt64(1)}");
    return 0;
}
if (args is ["participants", var baseUrl, var slug, var peopleText, var participantsFile])
    return await Participants.WriteAsync(baseUrl, slug, int.Parse(peopleText), participantsFile);
if (args is ["seed-leads", var seedDb, var seedText])
{
    Console.WriteLine($"seeded {LeadSeeder.Seed(seedDb, int.Parse(seedText))} leads");
    return 0;
}
if (args is ["seed-coupons", var couponDb, var couponText])
{
    Console.WriteLine($"seeded {CouponSeeder.Seed(couponDb, int.Parse(couponText))} coupons");
    return 0;
}
if (args is ["redemptions", var tillKey, var store, var fromText, var redeemText, var redeemFile])
{
    CouponSeeder.WriteRequests(tillKey, store, int.Parse(fromText), int.Parse(redeemText), redeemFile);
    return 0;
}
if (args is ["redeemed", var redeemedDb])
{
    Console.WriteLine(CouponSeeder.Redeemed(redeemedDb));
    return 0;
}
if (args is ["issued", var issuedDb, var issuedSlug])
{
    Console.WriteLine(LeadSeeder.Issued(issuedDb, issuedSlug));
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
    writer.Write($"/wechat?signature={signature}&timestamp={ts}&nonce={nonce}&encrypt_type=aes&" +
        $"msg_signature={msgSignature}\t{InboundMessageWriter.EncryptedEnvelope(Account, encrypt)}\n");
}
return 0;
