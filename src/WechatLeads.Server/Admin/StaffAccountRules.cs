using System.Security.Cryptography;
using System.Text.RegularExpressions;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Admin;

/// <summary>What a console-made account and its password must be, in one place for every form that sets them.</summary>
internal static partial class StaffAccountRules
{
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 256;

    /// <summary>Letters, digits and <c>. _ - @</c>, 2–64 characters, starting with a letter or digit (a name is also an audit actor).</summary>
    public static bool IsAccountName(string? name) => name is not null && NamePattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$")]
    private static partial Regex NamePattern();

    /// <summary>Why a new password is refused, or null when it will do.</summary>
    public static string? PasswordProblem(string accountName, string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinPasswordLength) return $"密码至少 {MinPasswordLength} 个字符。";
        if (password.Length > MaxPasswordLength) return $"密码最多 {MaxPasswordLength} 个字符。";
        if (password.Contains(accountName, StringComparison.OrdinalIgnoreCase)) return "密码不能包含账号名。";
        if (password.Distinct().Count() < 5) return "密码过于简单：请混合使用更多不同的字符。";
        return null;
    }

    /// <summary>Why a role and store list are refused, or null.</summary>
    public static string? RoleProblem(string? role, string? store)
    {
        if (role is null || !AdminRoles.IsKnown(role)) return "角色必须是 Operator（市场运营）、Compliance（合规专员）或 Store（门店）。";
        if (role == AdminRoles.Store && !StoreAccounts.StoreIsValid(role, store ?? "")) return "门店账号需要至少一个门店编码（字母、数字、-，多个用逗号分隔）。";
        if (role != AdminRoles.Store && !string.IsNullOrWhiteSpace(store)) return "只有门店账号（Store）可以设置门店。";
        return null;
    }

    /// <summary>A one-time password a compliance officer hands over; the console sign-in replaces it at once.</summary>
    public static string TemporaryPassword()
    {
        // No 0/O, 1/l/I: it is read aloud or copied by hand. 16 of 54 symbols: about 92 bits.
        const string alphabet = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
        var chars = Enumerable.Range(0, 16).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]).ToArray();
        return string.Join('-', chars.Chunk(4).Select(c => new string(c)));
    }

    public static string NewSecurityStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
