namespace WechatLeads.Server.Data;

/// <summary>
/// Sends the openings of a batch's consecutive <see cref="IPipelinedWrite"/>s together, PostgreSQL only. One at a
/// time, a rush's group commit of two dozen participations waited on two dozen round trips, each a wake-up of
/// PostgreSQL and of the writer on a busy box: the writers, not the statements, set the rate.
/// <para>
/// Each opening runs under a savepoint of its own, nested in the one before. Their answers are read in order: the
/// writes that can finish from them do (the usual case: a coupon issued). At the first that cannot (a repeat, a
/// limit, a sold-out pool), that opening and every later one are undone — rolling back to its savepoint keeps what
/// came before it — and it is applied alone, the usual way; the rest go on in a new run. Since each opening sees the
/// ones before it (one transaction, in order), what is decided is what one-by-one would have decided.
/// </para>
/// A write that cannot finish costs the openings after it a second sending. Runs halve after one and grow back
/// after a run that finished whole, so a stream of refusals (a farm replaying one request) falls back to one at a
/// time instead of redoing long runs.
/// </summary>
internal sealed class PipelinedWrites(WriteBatch batch)
{
    private const int MaxRun = 32;
    // Named by the run position, never from input; built once, not per run.
    private static readonly Step[] Savepoints = [.. Enumerable.Range(0, MaxRun).Select(i => Step.Execute($"SAVEPOINT pipelined_{i}"))];
    private static readonly string[] RollbacksTo = [.. Enumerable.Range(0, MaxRun).Select(i => $"ROLLBACK TO SAVEPOINT pipelined_{i}")];
    private const string ReleaseRun = "RELEASE SAVEPOINT pipelined_0";

    private readonly List<IPipelinedWrite> _waiting = [];
    private int _runSize = MaxRun;

    /// <summary>Holds <paramref name="write"/> for the next <see cref="FlushAsync"/>; writes keep their order.</summary>
    public void Add(IPipelinedWrite write) => _waiting.Add(write);

    /// <summary>Applies every write held, in order. Call before any other write of the batch runs, and before the commit.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var next = 0;
        while (next < _waiting.Count)
        {
            var size = Math.Min(_runSize, _waiting.Count - next);
            var finished = size == 1 ? 0 : Pipeline(_waiting.GetRange(next, size));
            next += finished;
            if (finished < size) await _waiting[next++].ApplyAsync(batch, cancellationToken); // alone, the usual way
            _runSize = size > 1 && finished < size ? Math.Max(1, _runSize / 2) : Math.Min(MaxRun, _runSize * 2);
        }
        _waiting.Clear();
    }

    /// <summary>Opens <paramref name="run"/> in one round trip and finishes what it can; returns how many, from the start.</summary>
    private int Pipeline(List<IPipelinedWrite> run)
    {
        var openings = new IPipelinedOpening[run.Count];
        var starts = new int[run.Count];
        var steps = new List<Step>(run.Count * 8);
        for (var i = 0; i < run.Count; i++)
        {
            openings[i] = run[i].Open(batch);
            steps.Add(Savepoints[i]);
            starts[i] = steps.Count;
            steps.AddRange(openings[i].Steps);
        }
        var answers = batch.RunTogether(steps);
        var finishing = 0;
        while (finishing < run.Count && openings[finishing].CanFinish(answers.AsSpan(starts[finishing], openings[finishing].Steps.Count)))
            finishing++;
        // Undo from the first that cannot finish, then drop the run's savepoints: releasing the first releases those in it.
        if (finishing < run.Count) batch.Defer(RollbacksTo[finishing], null);
        batch.Defer(ReleaseRun, null);
        for (var i = 0; i < finishing; i++) openings[i].Finish(batch);
        return finishing;
    }
}
