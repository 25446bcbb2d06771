namespace WechatLeads.Server.Tests.Architecture;

/// <summary>
/// Who may use whom among the server's folders (see docs/architecture.md), checked on the compiled assembly.
/// The low folders form layers with the few directions listed here; feature folders may use each other, but never
/// in a cycle: if A uses B, nothing B uses (directly or not) may use A.
/// </summary>
public sealed class ArchitectureTests
{
    /// <summary>The low folders and everything each may use; they never use a feature.</summary>
    private static readonly Dictionary<string, string[]> LowFolders = new(StringComparer.Ordinal)
    {
        ["Platform"] = [],
        ["Telemetry"] = ["Platform"],
        ["Data"] = ["Telemetry"],
        ["Jobs"] = ["Data", "Telemetry"],
        ["Security"] = ["Data", "Platform"],
        ["WechatApi"] = ["Data", "Platform", "Security"],
        ["Audit"] = ["Data", "Jobs", "Platform", "Security"],
    };

    private static readonly FolderGraph Server = FolderGraph.Load(typeof(Program).Assembly.Location);

    [Fact]
    public void Low_folders_use_only_the_folders_below_them()
    {
        var wrong = LowFolders
            .SelectMany(low => (Server.Uses.GetValueOrDefault(low.Key) ?? []).Except(low.Value).Select(used => $"{low.Key} -> {used}"))
            .Order(StringComparer.Ordinal).ToList();

        Assert.True(wrong.Count == 0, "A low folder uses a folder above it (move the shared type down instead): " + string.Join(", ", wrong));
    }

    [Fact]
    public void No_folders_use_each_other_in_a_cycle()
    {
        var onCycles = Server.EdgesOnCycles();

        Assert.True(onCycles.Count == 0,
            "Uses that close a dependency cycle (move the shared type down, or ask through an interface the higher folder implements — "
            + "see docs/architecture.md): " + string.Join(", ", onCycles));
    }

    [Fact]
    public void A_cycle_added_back_is_found()
    {
        var graph = new FolderGraph(new Dictionary<string, HashSet<string>>(StringComparer.Ordinal)
        {
            ["Coupons"] = ["Platform", "Campaigns"],
            ["Campaigns"] = ["Platform"],
            ["Platform"] = [],
        });
        Assert.Empty(graph.EdgesOnCycles());

        graph.Uses["Campaigns"].Add("Coupons"); // the kind of use the test exists to catch

        Assert.Equal(["Campaigns -> Coupons", "Coupons -> Campaigns"], graph.EdgesOnCycles());
    }

    [Fact]
    public void The_graph_sees_uses_inside_method_bodies()
    {
        // Jobs' outbox processor calls into Data only from method bodies and async state machines.
        Assert.Contains("Data", Server.Uses["Jobs"]);
        Assert.True(Server.Uses.Count >= 30, "every folder of the server is read");
    }
}
