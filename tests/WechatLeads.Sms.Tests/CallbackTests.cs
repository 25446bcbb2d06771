using System.Text;
using WechatLeads.Sms.Aliyun;
using WechatLeads.Sms.Tencent;

namespace WechatLeads.Sms.Tests;

/// <summary>The providers' documented pushes parse; anything else is a typed format error, never a crash.</summary>
public sealed class CallbackTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void A_tencent_status_batch_parses_every_report()
    {
        var reports = TencentSmsCallbacks.ParseStatusReports(B("""
            [{"user_receive_time":"2015-10-17 08:03:04","nationcode":"86","mobile":"13900000001",
              "report_status":"SUCCESS","errmsg":"DELIVRD","description":"用户短信送达成功","sid":"x1","ext":"msg-42"},
             {"user_receive_time":"2015-10-17 08:03:05","nationcode":86,"mobile":"13900000002",
              "report_status":"FAIL","errmsg":"MK:0001","description":"空号","sid":"x2"}]
            """));
        Assert.Equal(2, reports.Count);
        Assert.Equal(
            ("x1", "13900000001", true, "DELIVRD", "msg-42", "2015-10-17 08:03:04"),
            (reports[0].Sid, reports[0].Mobile, reports[0].Delivered, reports[0].ErrMsg, reports[0].Ext, reports[0].UserReceiveTime));
        Assert.Equal(("86", false, "空号", (string?)null), (reports[1].NationCode, reports[1].Delivered, reports[1].Description, reports[1].Ext));
        Assert.Empty(TencentSmsCallbacks.ParseStatusReports(B("[]")));
    }

    [Fact]
    public void A_tencent_reply_parses_with_its_unix_time_and_opt_out()
    {
        var reply = TencentSmsCallbacks.ParseReply(B("""{"extend":"01","mobile":"13800138000","nationcode":"86","sign":"腾讯云","text":" """ +
            """ＴＤ ","time":1544542503}"""));
        Assert.Equal(("13800138000", "腾讯云", "01", true), (reply.Mobile, reply.Sign, reply.Extend, reply.IsOptOut));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1544542503), reply.ReceivedAt);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"sid\":\"x\"}")]                      // an object, not the documented array
    [InlineData("[{\"mobile\":\"1\",\"report_status\":\"SUCCESS\"}]")] // no sid
    [InlineData("[null]")]
    [InlineData("null")]
    [InlineData("[{\"sid\":{\"a\":1}}]")]
    [InlineData("")]
    public void Malformed_tencent_status_pushes_throw_a_format_exception(string body) =>
        Assert.Throws<SmsCallbackFormatException>(() => TencentSmsCallbacks.ParseStatusReports(B(body)));

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"mobile\":\"13800138000\",\"time\":1}")]              // no text
    [InlineData("{\"mobile\":\"13800138000\",\"text\":\"TD\"}")]          // no time
    [InlineData("{\"mobile\":\"13800138000\",\"text\":\"TD\",\"time\":\"soon\"}")]
    public void Malformed_tencent_replies_throw_a_format_exception(string body) =>
        Assert.Throws<SmsCallbackFormatException>(() => TencentSmsCallbacks.ParseReply(B(body)));

    [Fact]
    public void A_format_error_does_not_quote_the_payload()
    {
        var e = Assert.Throws<SmsCallbackFormatException>(() =>
            TencentSmsCallbacks.ParseStatusReports(B("""[{"mobile":"13800138000","report_status":"SUCCESS"}]""")));
        Assert.DoesNotContain("13800138000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_aliyun_sms_report_batch_parses()
    {
        var reports = AliyunSmsCallbacks.ParseSmsReport(B("""
            [{"phone_number":"13900000000","send_time":"2017-01-01 11:12:13",
              "report_time":"2017-02-02 22:23:24","success":true,"err_code":"DELIVERED","err_msg":"用户接收成功","sms_size":"1","biz_id":"12345","out_id":"msg-42"},
             {"phone_number":"13900000001","send_time":"2017-01-01 11:12:13",
              "report_time":"2017-02-02 22:23:24","success":false,"err_code":"MK:0001","err_msg":"fail","sms_size":2,"biz_id":"12346"}]
            """));
        Assert.Equal(
            ("13900000000", true, "DELIVERED", "1", "12345", "msg-42"),
            (reports[0].PhoneNumber, reports[0].Success, reports[0].ErrCode, reports[0].SmsSize, reports[0].BizId, reports[0].OutId));
        Assert.Equal((false, "2", (string?)null), (reports[1].Success, reports[1].SmsSize, reports[1].OutId));
    }

    [Fact]
    public void An_aliyun_sms_up_batch_parses_sequence_id_as_string_or_number()
    {
        var ups = AliyunSmsCallbacks.ParseSmsUp(B("""
            [{"phone_number":"13900000000","content":"退订。","send_time":"2017-01-01 00:00:00","dest_code":"1234","sequence_id":"1234567890"},
             {"phone_number":"13900000001","content":"好的","send_time":"2017-01-01 00:00:01","dest_code":"1234","sequence_id":1234567891,"sign_name":"阿里云"}]
            """));
        Assert.Equal(("1234567890", true), (ups[0].SequenceId, ups[0].IsOptOut));
        Assert.Equal(("1234567891", false, "阿里云"), (ups[1].SequenceId, ups[1].IsOptOut, ups[1].SignName));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"phone_number\":\"1\"}")]
    [InlineData("[{\"phone_number\":\"1\",\"success\":true}]")] // no biz_id
    [InlineData("[{\"phone_number\":\"1\",\"biz_id\":\"b\",\"success\":\"maybe\"}]")]
    public void Malformed_aliyun_reports_throw_a_format_exception(string body) =>
        Assert.Throws<SmsCallbackFormatException>(() => AliyunSmsCallbacks.ParseSmsReport(B(body)));

    [Theory]
    [InlineData("[{\"content\":\"TD\"}]")]
    [InlineData("[{\"phone_number\":\"1\"}]")]
    [InlineData("[{\"phone_number\":\"1\",\"content\":\"TD\",\"sequence_id\":[1]}]")]
    public void Malformed_aliyun_replies_throw_a_format_exception(string body) =>
        Assert.Throws<SmsCallbackFormatException>(() => AliyunSmsCallbacks.ParseSmsUp(B(body)));

    [Fact]
    public void The_answers_are_the_documented_json()
    {
        Assert.Equal("""{"result":0,"errmsg":"OK"}""", TencentSmsCallbacks.Ack);
        Assert.Equal("""{"code":0,"msg":"接收成功"}""", AliyunSmsCallbacks.Ack);
        Assert.Equal("""{"code":0,"msg":"成功"}""", AliyunSmsCallbacks.ConnectivityCheckAnswer);
    }
}
