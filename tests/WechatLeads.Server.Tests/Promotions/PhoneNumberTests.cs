using WechatLeads.Server.Leads;

namespace WechatLeads.Server.Tests.Promotions;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("13800138000")]
    [InlineData("+86 138 0013 8000")]
    [InlineData("86-138-0013-8000")]
    [InlineData("0086 13800138000")]
    [InlineData(" 138-0013-8000 ")]
    [InlineData("１３８００１３８０００")]
    [InlineData("+86 (138) 0013 8000")]
    public void Mainland_mobile_numbers_are_normalised_to_eleven_digits(string input)
    {
        Assert.True(PhoneNumber.TryParse(input, out var phone));
        Assert.Equal("13800138000", phone.Value.Digits);
    }

    [Theory]
    [InlineData("12800138000")]
    [InlineData("1380013800")]
    [InlineData("138001380001")]
    [InlineData("+1 415 555 0100")]
    [InlineData("+44 13800138000")]
    [InlineData("138-0013-800a")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("02112345678")]
    public void Anything_else_is_refused(string? input) => Assert.False(PhoneNumber.TryParse(input, out _));

    [Fact]
    public void A_phone_number_prints_masked()
    {
        PhoneNumber.TryParse("13800138000", out var phone);
        Assert.Equal("138****8000", phone!.Value.ToString());
        Assert.Equal("138****8000", $"{phone}");
    }
}
