namespace WechatLeads.Server.Data;

/// <summary>
/// A write that opens with statements whose answers usually decide it (a participation: its limits counted, its code
/// claimed). On PostgreSQL the writer sends the openings of several such writes in one round trip instead of one
/// each; see <see cref="PipelinedWrites"/>. <see cref="IDurableWrite.ApplyAsync"/> stays the way to apply it alone.
/// </summary>
internal interface IPipelinedWrite : IDurableWrite
{
    /// <summary>The opening's statements, to run under a savepoint the writer sets before them.</summary>
    IPipelinedOpening Open(WriteBatch batch);
}

internal interface IPipelinedOpening
{
    IReadOnlyList<Step> Steps { get; }

    /// <summary>
    /// Reads the opening's answers: true when the write can finish from them alone, with nothing more to ask the
    /// database. False hands the write back to <see cref="IDurableWrite.ApplyAsync"/>, after the opening is undone.
    /// Decides only: nothing may be written or remembered until <see cref="Finish"/>.
    /// </summary>
    bool CanFinish(ReadOnlySpan<StepAnswer> answers);

    /// <summary>Finishes the write from the answers <see cref="CanFinish"/> accepted: deferred statements only.</summary>
    void Finish(WriteBatch batch);
}
