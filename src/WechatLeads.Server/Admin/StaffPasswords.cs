using Microsoft.AspNetCore.Identity;

namespace WechatLeads.Server.Admin;

/// <summary>
/// Staff passwords are configured as hashes (ASP.NET Core Identity's PBKDF2 format), never in the clear.
/// <c>dotnet WechatLeads.Server.dll hash-password</c> reads a password from stdin and prints its hash.
/// </summary>
internal static class StaffPasswords
{
    private static readonly PasswordHasher<string> Hasher = new();

    /// <summary>A hash compared against when the account does not exist, so both paths cost the same.</summary>
    private static readonly string Decoy = Hasher.HashPassword("", Guid.NewGuid().ToString());

    public static string Hash(string password) => Hasher.HashPassword("", password);

    public static bool Verify(string? hash, string password) =>
        Hasher.VerifyHashedPassword("", hash ?? Decoy, password) != PasswordVerificationResult.Failed && hash is not null;

    /// <summary>The <c>hash-password</c> command; true when it ran (and the app should not start).</summary>
    public static bool RunCommand(string[] args)
    {
        if (args is not ["hash-password"]) return false;
        Console.Error.Write("Password: ");
        var password = Console.ReadLine() ?? "";
        if (password.Length < 12) { Console.Error.WriteLine("Use at least 12 characters."); Environment.ExitCode = 2; return true; }
        Console.WriteLine(Hash(password));
        return true;
    }
}
