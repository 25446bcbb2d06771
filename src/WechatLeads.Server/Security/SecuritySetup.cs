using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform;

namespace WechatLeads.Server.Security;

internal static class SecuritySetup
{
    /// <summary>
    /// The root key (<c>Security:EncryptionKey</c>) and what derives from it — field encryption, keyed hashes of
    /// identities — and the cookie and token protection keys in the database, sealed with it; the refusal log.
    /// </summary>
    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var security = builder.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        var dataDirectory = builder.Configuration["DataDirectory"] ?? Path.GetFullPath("data");
        services.AddSingleton(sp => new Keyring(EncryptionKeySource.Resolve(
            security.EncryptionKey, dataDirectory, sp.GetRequiredService<ILoggerFactory>().CreateLogger("Security"))));
        services.AddSingleton<SubjectHasher>();
        services.AddSingleton<FieldCipher>();

        // Keys live in the database, so every instance can read every session.
        services.AddDataProtection().SetApplicationName("WechatLeads").PersistKeysToDbContext<LeadsDbContext>();
        services.AddOptions<KeyManagementOptions>().Configure<FieldCipher>((o, cipher) => o.XmlEncryptor = new KeyRingXmlEncryptor(cipher));
        // Only keys sealed with Security:EncryptionKey count: a key row written to the table by hand is not a key.
        services.AddOptions<KeyManagementOptions>().PostConfigure<FieldCipher, ILoggerFactory>((o, cipher, logs) =>
            o.XmlRepository = new SealedKeyRing(
                o.XmlRepository ?? throw new InvalidOperationException("The key ring has no repository."),
                cipher,
                logs.CreateLogger<SealedKeyRing>()));
        services.AddSingleton<RefusalLog>();
        return builder;
    }
}
