using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Security;

internal static class SecuritySetup
{
    /// <summary>Cookie and token protection keys in the database, sealed with the root key; the refusal log.</summary>
    public static WebApplicationBuilder AddSessionProtection(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Keys live in the database, so every instance can read every session.
        services.AddDataProtection().SetApplicationName("WechatLeads").PersistKeysToDbContext<LeadsDbContext>();
        services.AddOptions<KeyManagementOptions>().Configure<FieldCipher>((o, cipher) => o.XmlEncryptor = new KeyRingXmlEncryptor(cipher));
        // Only keys sealed with Security:EncryptionKey count: a key row written to the table by hand is not a key.
        services.AddOptions<KeyManagementOptions>().PostConfigure<FieldCipher, ILoggerFactory>((o, cipher, logs) =>
            o.XmlRepository = new SealedKeyRing(o.XmlRepository ?? throw new InvalidOperationException("The key ring has no repository."), cipher, logs.CreateLogger<SealedKeyRing>()));
        services.AddSingleton<RefusalLog>();
        return builder;
    }
}
