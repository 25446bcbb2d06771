using Microsoft.AspNetCore.Hosting;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Platform;

public sealed class StartupValidationTests
{
    private static readonly string Key = WechatLeadsFactory.EncryptionKey;

    [Fact]
    public void Production_refuses_to_start_without_an_encryption_key()
    {
        var problems = StartupValidation.Validate(FullAccount(), new SecurityOptions(), isProduction: true);
        Assert.Contains(problems, p => p.StartsWith("Security:EncryptionKey", StringComparison.Ordinal));
    }

    [Fact]
    public void Production_refuses_a_half_configured_account()
    {
        var wechat = new WechatOptions { OfficialAccount = { AppId = "wx1234567890", Token = "t" } };
        var problems = StartupValidation.Validate(wechat, new SecurityOptions { EncryptionKey = Key }, isProduction: true);
        Assert.Contains(problems, p => p.Contains("AppSecret", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("EncodingAESKey", StringComparison.Ordinal));
    }

    [Fact]
    public void Production_refuses_to_run_without_an_account()
    {
        var problems = StartupValidation.Validate(new WechatOptions(), new SecurityOptions { EncryptionKey = Key }, isProduction: true);
        Assert.Contains(problems, p => p.Contains("sandbox never runs in Production", StringComparison.Ordinal));
    }

    [Fact]
    public void A_complete_production_configuration_passes()
    {
        Assert.Empty(StartupValidation.Validate(FullAccount(), new SecurityOptions { EncryptionKey = Key }, isProduction: true));
    }

    [Theory]
    [InlineData("too-short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!")]
    public void A_malformed_encoding_aes_key_is_named(string aesKey)
    {
        var wechat = FullAccount();
        wechat.OfficialAccount.EncodingAESKey = aesKey;
        var problems = StartupValidation.Validate(wechat, new SecurityOptions { EncryptionKey = Key }, isProduction: false);
        Assert.Contains(problems, p => p.StartsWith("Wechat:OfficialAccount:EncodingAESKey is invalid", StringComparison.Ordinal));
    }

    [Fact]
    public void An_encryption_key_that_is_not_32_bytes_is_refused_everywhere()
    {
        var problems = StartupValidation.Validate(new WechatOptions(), new SecurityOptions { EncryptionKey = Convert.ToBase64String(new byte[16]) }, isProduction: false);
        Assert.Contains(problems, p => p.Contains("exactly 32", StringComparison.Ordinal));
    }

    [Fact]
    public void The_sandbox_needs_no_configuration_outside_production()
    {
        Assert.Empty(StartupValidation.Validate(new WechatOptions(), new SecurityOptions(), isProduction: false));
    }

    [Fact]
    public async Task The_host_itself_refuses_to_start_in_production_without_keys()
    {
        await using var app = new ProductionFactory();
        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());
        Assert.Contains("Security:EncryptionKey", error.Message);
    }

    private static WechatOptions FullAccount() => new()
    {
        OfficialAccount = { AppId = "wx1234567890", AppSecret = "s", Token = "t", EncodingAESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG" },
    };

    private sealed class ProductionFactory : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Wechat:OfficialAccount:AppId", "wx1234567890");
            builder.UseSetting("ConnectionStrings:Leads", "Data Source=" + Path.Combine(Path.GetTempPath(), "wl-prod-" + Guid.NewGuid() + ".db"));
        }
    }
}
