using System.Text.Json;

namespace WechatLeads.Wechat.Tests;

/// <summary>The published WeChat vectors (official docs and SDK test suites), copied into TestData.</summary>
internal static class Vectors
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "wechat-vectors.json"))));

    public static IEnumerable<JsonElement> Section(string name) => Document.Value.RootElement.GetProperty(name).EnumerateArray();

    public static TheoryData<int> Indexes(string name, Func<JsonElement, bool>? where = null)
    {
        var data = new TheoryData<int>();
        var i = 0;
        foreach (var v in Section(name))
        {
            if (where is null || where(v)) data.Add(i);
            i++;
        }
        return data;
    }

    public static JsonElement At(string name, int index) => Section(name).ElementAt(index);

    public static string S(this JsonElement e, string property) => e.GetProperty(property).GetString()!;

    public static bool Has(this JsonElement e, string property) => e.TryGetProperty(property, out var v) && v.ValueKind != JsonValueKind.Null;
}
