using System.Runtime.InteropServices;

namespace WechatLeads.Server.Data;

/// <summary>
/// Every acknowledgement waits for the one group-commit thread, so when the cores are busy that thread
/// should be the last to wait for one. .NET ignores <see cref="Thread.Priority"/> on Linux; the thread's
/// nice value is what the scheduler reads. Lowering it needs CAP_SYS_NICE (root has it): without it the
/// writer keeps the default priority, which is correct, only slower under a CPU-bound burst.
/// </summary>
internal static class WriterThreadPriority
{
    private const int Nice = -10;
    private const int PrioProcess = 0; // with a thread id, Linux applies it to that thread alone

    public static void Raise(ILogger logger)
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            if (SetPriority(PrioProcess, GetThreadId(), Nice) != 0)
                logger.LogInformation("The write queue's thread keeps the default priority (no permission to raise it)");
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: nothing to do.
        }
    }

    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int prio);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();
}
