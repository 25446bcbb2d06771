using Microsoft.AspNetCore.Hosting;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Platform;

public sealed class StartupValidationTests
{
    private static readonly string Key = WechatLeadsFactory.EncryptionKey;
    private static readonly StartupPosture Production = new(Strict: true, IsProduction: true, SandboxRequested: false);
    private static readonly StartupPosture Staging = new(Strict: true, IsProduction: false, SandboxRequested: false);
    private static readonly StartupPosture Development = new(Strict: false, IsProduction: false, SandboxRequested: false);

    [Fact]
    public void Production_refuses_to_start_without_an_encryption_key()
    {
        var problems = StartupValidation.Validate(FullAccount(), new SecurityOptions(), Production);
        Assert.Contains(problems, p => p.StartsWith("Security:EncryptionKey", StringComparison.Ordinal));
    }

    [Fact]
    public void Production_refuses_a_half_configured_account()
    {
        var wechat = new WechatOptions { OfficialAccount = { AppId = "wx1234567890", Token = "t" } };
        var problems = StartupValidation.Validate(wechat, new SecurityOptions { EncryptionKey = Key }, Production);
        Assert.Contains(problems, p => p.Contains("AppSecret", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("EncodingAESKey", StringComparison.Ordinal));
    }

    [Fact]
    public void Production_refuses_to_run_without_an_account()
    {
        var problems = StartupValidation.Validate(new WechatOptions(), new SecurityOptions { EncryptionKey = Key }, Production);
        Assert.Contains(problems, p => p.Contains("sandbox never runs in Production", StringComparison.Ordinal));
    }

    [Fact]
    public void A_complete_production_configuration_passes()
    {
        Assert.Empty(StartupValidation.Validate(FullAccount(), new SecurityOptions { EncryptionKey = Key }, Production));
    }

    [Theory]
    [InlineData("too-short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!")]
    public void A_malformed_encoding_aes_key_is_named(string aesKey)
    {
        var wechat = FullAccount();
        wechat.OfficialAccount.EncodingAESKey = aesKey;
        var problems = StartupValidation.Validate(wechat, new SecurityOptions { EncryptionKey = Key }, Development);
        Assert.Contains(problems, p => p.StartsWith("Wechat:OfficialAccount:EncodingAESKey is invalid", StringComparison.Ordinal));
    }

    [Fact]
    public void An_encryption_key_that_is_not_32_bytes_is_refused_everywhere()
    {
        var problems = StartupValidation.Validate(
            new WechatOptions(),
            new SecurityOptions { EncryptionKey = Convert.ToBase64String(new byte[16]) },
            Development);
        Assert.Contains(problems, p => p.Contains("exactly 32", StringComparison.Ordinal));
    }

    [Fact]
    public void The_sandbox_needs_no_configuration_outside_production()
    {
        Assert.Empty(StartupValidation.Validate(new WechatOptions(), new SecurityOptions(), Development));
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("production-cn")]
    public async Task The_host_itself_refuses_to_start_without_keys_in_any_environment_but_development(string environment)
    {
        await using var app = new StrictFactory(environment);
        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());
        Assert.Contains("Security:EncryptionKey", error.Message);
        Assert.Contains("EncodingAESKey", error.Message);
    }

    [Fact]
    public void Staging_is_as_strict_as_production()
    {
        var problems = StartupValidation.Validate(new WechatOptions(), new SecurityOptions(), Staging);
        Assert.Contains(problems, p => p.StartsWith("Security:EncryptionKey is empty", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Sandbox:Enabled=true", StringComparison.Ordinal));
    }

    [Fact]
    public void Outside_development_the_sandbox_runs_only_when_asked_for_and_never_in_production()
    {
        Assert.Empty(StartupValidation.Validate(new WechatOptions(), new SecurityOptions { EncryptionKey = Key }, Staging with { SandboxRequested = true }));
        Assert.Contains(StartupValidation.Validate(
            new WechatOptions(),
            new SecurityOptions { EncryptionKey = Key },
            Production with { SandboxRequested = true }),
            p => p.Contains("sandbox never runs in Production", StringComparison.Ordinal));
    }

    public static TheoryData<string> GuessableKeys => new()
    {
        Convert.ToBase64String(new byte[32]),
        Convert.ToBase64String(Enumerable.Repeat((byte)0x5A, 32).ToArray()),
        Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
        Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(200 - i)).ToArray()),
        Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i % 4)).ToArray()),
    };

    [Theory]
    [MemberData(nameof(GuessableKeys))]
    public void A_guessable_encryption_key_is_refused_outside_development(string key)
    {
        Assert.Contains(StartupValidation.Validate(FullAccount(), new SecurityOptions { EncryptionKey = key }, Staging),
            p => p.Contains("looks made by hand", StringComparison.Ordinal));
        Assert.Empty(StartupValidation.Validate(FullAccount(), new SecurityOptions { EncryptionKey = key }, Development));
    }

    [Fact]
    public void Random_keys_are_never_taken_for_guessable_ones()
    {
        for (var i = 0; i < 10_000; i++) Assert.False(KeyEntropy.LooksGuessable(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
    }

    [Fact]
    public void Without_an_encoding_aes_key_plain_mode_must_be_chosen_explicitly_outside_development()
    {
        var account = FullAccount();
        account.OfficialAccount.EncodingAESKey = null;
        Assert.Contains(StartupValidation.Validate(account, new SecurityOptions { EncryptionKey = Key }, Staging),
            p => p.Contains("MessageMode=Plain", StringComparison.Ordinal));
        account.OfficialAccount.MessageMode = "Plain";
        Assert.Empty(StartupValidation.Validate(account, new SecurityOptions { EncryptionKey = Key }, Production));
    }

    [Theory]
    [InlineData("Safe")]
    [InlineData("compatible")]
    public void Safe_and_compatible_mode_need_the_encoding_aes_key(string mode)
    {
        var account = FullAccount();
        account.OfficialAccount.EncodingAESKey = null;
        account.OfficialAccount.MessageMode = mode;
        Assert.Contains(StartupValidation.Validate(account, new SecurityOptions { EncryptionKey = Key }, Development),
            p => p.StartsWith("Wechat:OfficialAccount:MessageMode is", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Encrypted")]
    [InlineData("1")]
    public void An_unknown_message_mode_is_named(string mode)
    {
        var account = FullAccount();
        account.OfficialAccount.MessageMode = mode;
        Assert.Contains(StartupValidation.Validate(account, new SecurityOptions { EncryptionKey = Key }, Development),
            p => p.Contains($"MessageMode '{mode}'", StringComparison.Ordinal));
    }

    [Fact]
    public void The_mode_defaults_to_safe_with_a_key_and_plain_without()
    {
        Assert.Equal(MessageMode.Safe, WechatAccount.From(FullAccount()).Mode);
        var plain = FullAccount();
        plain.OfficialAccount.EncodingAESKey = null;
        Assert.Equal(MessageMode.Plain, WechatAccount.From(plain).Mode);
        var compatible = FullAccount();
        compatible.OfficialAccount.MessageMode = "Compatible";
        Assert.True(WechatAccount.From(compatible).RequiresEncryption);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_generated_development_key_file_is_readable_by_its_owner_only()
    {
        var directory = Directory.CreateTempSubdirectory("wl-key-").FullName;
        var logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        var key = Server.Security.EncryptionKeySource.Resolve(null, directory, logger);
        var path = Path.Combine(directory, "dev-encryption.key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead | UnixFileMode.GroupRead);
        Assert.Equal(key, Server.Security.EncryptionKeySource.Resolve(null, directory, logger));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    private static WechatOptions FullAccount() => new()
    {
        OfficialAccount = { AppId = "wx1234567890", AppSecret = "s", Token = "t", EncodingAESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG" },
    };

    private sealed class StrictFactory(string environment) : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("Wechat:OfficialAccount:AppId", "wx1234567890");
            builder.UseSetting("ConnectionStrings:Leads", "Data Source=" + Path.Combine(Path.GetTempPath(), "wl-prod-" + Guid.NewGuid() + ".db"));
        }
    }

    [Theory]
    [InlineData("PagesPerIpPerMinute", "0")]
    [InlineData("SignInsPerIpPerMinute", "-5")]
    [InlineData("PhoneCodesPerPersonPerMinute", "1000000001")]
    public void A_rate_limit_out_of_range_stops_the_start_naming_its_key(string key, string value)
    {
        using var app = new WechatLeadsFactory(runJobs: false, settings: new Dictionary<string, string?> { ["RateLimits:" + key] = value });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains($"RateLimits:{key} must be 1-1000000000", error.ToString());
    }
}
