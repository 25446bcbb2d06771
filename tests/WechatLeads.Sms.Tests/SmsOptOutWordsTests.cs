namespace WechatLeads.Sms.Tests;

public sealed class SmsOptOutWordsTests
{
    [Theory]
    [InlineData("TD")]
    [InlineData("td")]
    [InlineData("Td")]
    [InlineData("T")]
    [InlineData("n")]
    [InlineData("R")]
    [InlineData("退订")]
    [InlineData("取消")]
    [InlineData("ＴＤ")]        // full-width
    [InlineData("ｔｄ")]
    [InlineData("  TD  ")]
    [InlineData("\u3000退订\u3000")] // ideographic spaces
    [InlineData("TD。")]
    [InlineData("TD!")]
    [InlineData("【退订】")]
    [InlineData("“取消”")]
    [InlineData("\"td\"")]
    [InlineData("退订！！")]
    [InlineData("\u200BTD\n")]
    public void The_opt_out_words_are_recognised_through_case_width_spaces_and_punctuation(string text) =>
        Assert.True(SmsOptOutWords.IsOptOut(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("。")]
    [InlineData("TDX")]
    [InlineData("XTD")]
    [InlineData("T D")]
    [InlineData("TD TD")]
    [InlineData("不要退订吗")]
    [InlineData("退订吧")]
    [InlineData("我要退订")]
    [InlineData("取消订单")]
    [InlineData("Y")]
    [InlineData("STOP")]
    [InlineData("TD👍")]
    [InlineData("好的")]
    public void Anything_else_is_not_an_opt_out(string? text) =>
        Assert.False(SmsOptOutWords.IsOptOut(text));
}
