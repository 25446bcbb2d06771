using System.Text;

namespace WechatLeads.Server.Tests.Messaging;

/// <summary>About a mebibyte each, built to be as expensive as possible for a naive parser.</summary>
internal static class HostilePushShapes
{
    private const int Size = 1_000_000;

    private static string Repeat(string head, string unit, string tail)
    {
        var text = new StringBuilder(Size + head.Length + tail.Length).Append(head);
        while (text.Length + unit.Length + tail.Length < Size) text.Append(unit);
        return text.Append(tail).ToString();
    }

    /// <summary>Shapes of a safe-mode envelope: all are refused before any signature could matter.</summary>
    public static TheoryData<string> Envelopes => new()
    {
        Repeat("<xml><Encrypt>", "<![CDATA[a]]>", "</Encrypt></xml>"),
        Repeat("<xml><Encrypt>", "a<![CDATA[b]]>", "</Encrypt></xml>"),
        Repeat("<xml><Encrypt>", "&amp;", "</Encrypt></xml>"),
        Repeat("<xml><Encrypt>", "QUJD", "</Encrypt></xml>"),
        Repeat("<xml><Encrypt>", "<Encrypt>", ""),
        Repeat("<xml><Encrypt>", "<a>", "</Encrypt></xml>"),
        Repeat("<xml>", "<ToUserName><![CDATA[x]]></ToUserName>", "</xml>"),
        Repeat("<!DOCTYPE xml [<!ENTITY a \"b\">]><xml><Encrypt>", "&a;", "</Encrypt></xml>"),
    };

    /// <summary>Shapes of a plaintext push (they would pass a plain signature check made from a leaked URL).</summary>
    public static TheoryData<string> PlainPushes => new()
    {
        Repeat(Head + "<Content>", "<![CDATA[a]]>", "</Content></xml>"),
        Repeat(Head + "<Content>", "a<![CDATA[b]]>", "</Content></xml>"),
        Repeat(Head + "<Content>", "&amp;", "</Content></xml>"),
        Repeat(Head, "<F>x</F>", "</xml>"),
        Repeat(Head + "<Content>", "x", "</Content></xml>"),
    };

    private const string Head = "<xml><ToUserName>gh</ToUserName><FromUserName>oAttacker</FromUserName><CreateTime>1700000000</CreateTime><MsgType>text</" +
        "MsgType>";
}
