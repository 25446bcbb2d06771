using System.Data.Common;

namespace WechatLeads.Server.Data;

/// <summary>
/// One transaction of the group-commit writer. Statements come from the writer's cache of prepared
/// commands, reused across rows and batches, which is most of what makes a batch of hundreds of writes
/// cost about as much as one.
/// </summary>
internal sealed class WriteBatch : IAsyncDisposable
{
    private readonly PreparedCommands _commands;
    private readonly List<string> _outbox = [];

    internal WriteBatch(PreparedCommands commands, DbTransaction transaction, DateTime now)
    {
        _commands = commands;
        Transaction = transaction;
        Now = now;
        if (commands.Connection is Npgsql.NpgsqlConnection postgres) _deferred = postgres.CreateBatch();
    }

    internal DbTransaction Transaction { get; }

    /// <summary>The batch's clock reading, UTC: every row written in it carries the same time.</summary>
    public DateTime Now { get; }

    /// <summary>True on PostgreSQL, where rows being claimed can be skipped while another instance holds them.</summary>
    public bool IsPostgres => _commands.Connection is Npgsql.NpgsqlConnection;

    /// <summary>Outbox rows written in this batch; their jobs are enqueued once the batch has committed.</summary>
    public IReadOnlyList<string> OutboxIds => _outbox;

    public void AddedOutbox(string id) => _outbox.Add(id);

    private readonly List<Action> _afterCommit = [];

    /// <summary>Runs <paramref name="action"/> once the batch has committed (a metric of what was made durable), never if it fails.</summary>
    public void AfterCommit(Action action) => _afterCommit.Add(action);

    internal void Committed()
    {
        foreach (var action in _afterCommit) action();
    }

    /// <summary>
    /// Runs <paramref name="sql"/>; returns rows affected. <paramref name="parameters"/> names the statement's
    /// values: <c>new { CampaignId = id }</c> binds <c>@CampaignId</c> (see <see cref="SqlParameters"/>).
    /// </summary>
    public Task<int> ExecuteAsync(string sql, object? parameters, CancellationToken cancellationToken)
    {
        // Synchronous on purpose: the writer is one dedicated loop and SQLite's async API is a sync call
        // wrapped in a Task — per statement that wrapping costs more than the insert itself.
        if (WithDeferred(sql, parameters) is { } batch)
        {
            batch.ExecuteNonQuery();
            var affected = batch.BatchCommands[^1].RecordsAffected;
            batch.BatchCommands.Clear();
            return Task.FromResult(affected);
        }
        return Task.FromResult(Prepare(sql, parameters).ExecuteNonQuery());
    }

    /// <summary>Runs <paramref name="sql"/> and returns the first column of the first row, or null.</summary>
    public Task<object?> ScalarAsync(string sql, object? parameters, CancellationToken cancellationToken) =>
        RowAsync(sql, parameters, r => r.IsDBNull(0) ? null : r.GetValue(0), cancellationToken);

    /// <summary>Runs a query and maps its first row, or returns null when there is none.</summary>
    public Task<T?> RowAsync<T>(string sql, object? parameters, Func<DbDataReader, T?> map, CancellationToken cancellationToken) where T : class
    {
        var batch = WithDeferred(sql, parameters);
        try
        {
            // Deferred statements return no rows (see Defer): the reader's first result is this statement's.
            using var reader = batch is null ? Prepare(sql, parameters).ExecuteReader() : batch.ExecuteReader();
            return Task.FromResult(reader.Read() ? map(reader) : null);
        }
        finally
        {
            batch?.BatchCommands.Clear();
        }
    }

    /// <summary>
    /// Runs <paramref name="steps"/> in order — on PostgreSQL in one round trip, with whatever is deferred ahead of them —
    /// and returns each one's answer. For statements that must all run but whose answers are needed only afterwards:
    /// a later step sees an earlier one's writes (each is its own statement), never its answer, so a value one step
    /// makes and the next uses is looked up in SQL. A step that fails fails the batch, as it would run alone.
    /// </summary>
    public StepAnswer[] RunTogether(IReadOnlyList<Step> steps)
    {
        var answers = new StepAnswer[steps.Count];
        if (_deferred is null)
        {
            // SQLite, in process: one after another costs no round trips.
            for (var i = 0; i < steps.Count; i++)
            {
                var command = Prepare(steps[i].Sql, steps[i].Parameters);
                if (steps[i].Map is not { } map)
                {
                    answers[i] = new(command.ExecuteNonQuery(), null);
                    continue;
                }
                using var reader = command.ExecuteReader();
                var row = reader.Read() ? map(reader) : null;
                reader.Close();
                answers[i] = new(reader.RecordsAffected, row);
            }
            return answers;
        }
        var first = _deferred.BatchCommands.Count;
        foreach (var step in steps) _deferred.BatchCommands.Add(BatchCommand(step.Sql, step.Parameters));
        _deferred.Transaction = (Npgsql.NpgsqlTransaction)Transaction;
        try
        {
            // Npgsql's reader moves only between statements that return rows (a SELECT or a RETURNING, even with none):
            // deferred inserts and the steps that only execute have no result set of their own.
            using (var reader = _deferred.ExecuteReader())
            {
                var onResult = true; // the reader starts on the first result set, if there is one
                for (var i = 0; i < steps.Count; i++)
                {
                    if (steps[i].Map is not { } map) continue;
                    answers[i] = new(0, reader.Read() ? map(reader) : null);
                    onResult = reader.NextResult();
                }
                // A result set left over: a statement that returns rows was given as a step that does not.
                if (onResult && reader.FieldCount > 0)
                    throw new InvalidOperationException("A statement that returns rows was run as Step.Execute.");
            }
            for (var i = 0; i < steps.Count; i++) answers[i] = answers[i] with { Affected = _deferred.BatchCommands[first + i].RecordsAffected };
            return answers;
        }
        finally
        {
            _deferred.BatchCommands.Clear();
        }
    }

    /// <summary>Inserts <paramref name="rows"/> with as few statements as <see cref="MultiRowStatement"/> allows; returns rows affected.</summary>
    public int ExecuteRows(MultiRowStatement statement, IReadOnlyList<object?[]> rows)
    {
        var affected = 0;
        ForEachChunk(statement, rows, command => affected += command.ExecuteNonQuery());
        return affected;
    }

    /// <summary>Like <see cref="ExecuteRows"/> for a statement ending in <c>RETURNING</c> one text column: the values returned.</summary>
    public List<string> QueryRows(MultiRowStatement statement, IReadOnlyList<object?[]> rows)
    {
        var returned = new List<string>(rows.Count);
        ForEachChunk(statement, rows, command =>
        {
            using var reader = command.ExecuteReader();
            while (reader.Read()) returned.Add(reader.GetString(0));
        });
        return returned;
    }

    private void ForEachChunk(MultiRowStatement statement, IReadOnlyList<object?[]> rows, Action<DbCommand> run)
    {
        SendDeferred();
        foreach (var (start, size) in Chunks(rows.Count))
        {
            var command = _commands.Get(statement.Text(size), size * statement.Columns);
            command.Transaction = Transaction;
            for (var r = 0; r < size; r++)
            {
                var row = rows[start + r];
                for (var c = 0; c < statement.Columns; c++) command.Parameters[r * statement.Columns + c].Value = row[c] ?? DBNull.Value;
            }
            run(command);
        }
    }

    /// <summary>Where each chunk of <paramref name="count"/> rows starts and how many it takes (see <see cref="MultiRowStatement.ChunkFor"/>).</summary>
    private IEnumerable<(int Start, int Size)> Chunks(int count)
    {
        var maxRows = IsPostgres ? MultiRowStatement.MaxRowsPostgres : MultiRowStatement.MaxRows;
        for (var start = 0; start < count;)
        {
            var size = MultiRowStatement.ChunkFor(count - start, maxRows);
            yield return (start, size);
            start += size;
        }
    }

    /// <summary>
    /// Inserts <paramref name="rows"/> when the batch next talks to the database, whose answer it doesn't need: on
    /// PostgreSQL every deferred statement goes in one round trip with the next (one <see cref="Npgsql.NpgsqlBatch"/>),
    /// so a rush's consent events, opt-outs and outbox rows cost one wait for the server instead of one each. In order
    /// with everything else the batch runs; a failure surfaces at that next statement or at the commit, failing the
    /// batch as an immediate one would. On SQLite (in process, no round trip) it runs at once. A deferred statement
    /// returns no rows (no <c>RETURNING</c>): the next statement's answer is read as the batch's first result.
    /// </summary>
    public void Defer(MultiRowStatement statement, IReadOnlyList<object?[]> rows)
    {
        if (_deferred is null)
        {
            ExecuteRows(statement, rows);
            return;
        }
        foreach (var (start, size) in Chunks(rows.Count))
        {
            var command = new Npgsql.NpgsqlBatchCommand(statement.Text(size));
            for (var r = 0; r < size; r++)
            {
                var row = rows[start + r];
                for (var c = 0; c < statement.Columns; c++) command.Parameters.AddWithValue("p" + (r * statement.Columns + c), row[c] ?? DBNull.Value);
            }
            _deferred.BatchCommands.Add(command);
        }
    }

    /// <summary>
    /// Runs <paramref name="sql"/> when the batch next talks to the database
    /// (see <see cref="Defer(MultiRowStatement, IReadOnlyList{object?[]})"/>).
    /// </summary>
    public void Defer(string sql, object? parameters)
    {
        if (sql.Contains("RETURNING", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException("A deferred statement's rows would be read as the next statement's answer.", nameof(sql));
        if (_deferred is null)
        {
            Prepare(sql, parameters).ExecuteNonQuery();
            return;
        }
        _deferred.BatchCommands.Add(BatchCommand(sql, parameters));
    }

    // PostgreSQL only; null on SQLite, where deferring gains nothing.
    private readonly Npgsql.NpgsqlBatch? _deferred;

    /// <summary>
    /// With statements deferred, <paramref name="sql"/> joins them as the batch's last statement, so the statement
    /// whose answer is needed carries them to the server in the same round trip; null when nothing is deferred.
    /// </summary>
    private Npgsql.NpgsqlBatch? WithDeferred(string sql, object? parameters)
    {
        if (_deferred is not { BatchCommands.Count: > 0 }) return null;
        _deferred.BatchCommands.Add(BatchCommand(sql, parameters));
        _deferred.Transaction = (Npgsql.NpgsqlTransaction)Transaction;
        return _deferred;
    }

    // Not one of the writer's prepared commands: Npgsql's auto-prepare (Max Auto Prepare) prepares a batch's statements by their text.
    private static Npgsql.NpgsqlBatchCommand BatchCommand(string sql, object? parameters)
    {
        var command = new Npgsql.NpgsqlBatchCommand(sql);
        if (parameters is null) return command;
        foreach (var (name, property) in SqlParameters.Of(parameters))
            command.Parameters.AddWithValue(name.TrimStart('@'), property.GetValue(parameters) ?? DBNull.Value);
        return command;
    }

    private void SendDeferred()
    {
        if (_deferred is not { BatchCommands.Count: > 0 }) return;
        _deferred.Transaction = (Npgsql.NpgsqlTransaction)Transaction;
        _deferred.ExecuteNonQuery();
        _deferred.BatchCommands.Clear();
    }

    /// <summary>Sends what is deferred, then commits.</summary>
    public void Commit()
    {
        SendDeferred();
        Transaction.Commit();
    }

    private DbCommand Prepare(string sql, object? parameters)
    {
        var named = parameters is null ? [] : SqlParameters.Of(parameters);
        var command = _commands.Get(sql, named.Select(p => p.Name));
        // A cached command keeps its values between uses: a call naming fewer values than the first would
        // silently reuse the previous ones, so every use must name the same set.
        if (command.Parameters.Count != named.Length)
            throw new InvalidOperationException($"Statement called with {named.Length} named values, cached with {command.Parameters.Count}.");
        command.Transaction = Transaction;
        foreach (var (name, property) in named) command.Parameters[name].Value = property.GetValue(parameters) ?? DBNull.Value;
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        if (_deferred is not null) await _deferred.DisposeAsync();
        await Transaction.DisposeAsync();
    }
}
