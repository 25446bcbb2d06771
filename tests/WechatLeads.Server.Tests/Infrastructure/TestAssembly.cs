// Hangfire keeps its current storage in a static; hosts started one at a time keep each test's jobs its own.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]

namespace WechatLeads.Server.Tests.Infrastructure;

internal static class TestCulture
{
    /// <summary>
    /// What every host sets at start (<c>Localization:Culture</c>, zh-CN): set before any test, so a test that calls
    /// a validator directly reads the same Chinese whether or not a host has started yet in this process.
    /// </summary>
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void UseTheConsoleLanguage() =>
        System.Globalization.CultureInfo.DefaultThreadCurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("zh-CN");
}
