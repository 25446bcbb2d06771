using System.Text;

namespace WechatLeads.Server.Data;

/// <summary>
/// One statement for many rows: <c>head VALUES (…), (…), … tail</c>. A batch of n rows is sent as a few
/// statements of power-of-two sizes (16, 8, … 1; on PostgreSQL up to 1024), so a handful of prepared texts serve every batch size
/// and the writer pays each statement's fixed cost once per chunk instead of once per row.
/// </summary>
internal sealed class MultiRowStatement
{
    // Microsoft.Data.Sqlite binds each parameter by looking its name up among all of the statement's, so
    // the cost per row grows with the chunk; 16 rows was the measured sweet spot.
    public const int MaxRows = 16;

    // Npgsql binds by position and PostgreSQL's cost is the round trip, not the row: one statement per table
    // per group commit is what lets the writer keep up (with auto-prepare, a 取消订阅 rush went from 16.7 to 13.6 ms per commit of ~28 pushes).
    // 1024 rows of the widest statement (12 values) stay far below the protocol's 65,535 parameters.
    public const int MaxRowsPostgres = 1024;

    private readonly string _head;
    private readonly string _tail;
    private readonly Dictionary<int, string> _texts = [];

    /// <param name="head">Up to and including <c>VALUES</c>.</param>
    /// <param name="columns">Values per row, bound as <c>@p0…</c> row after row.</param>
    /// <param name="tail">What follows the rows: <c>ON CONFLICT …</c>, <c>RETURNING …</c>, or empty.</param>
    public MultiRowStatement(string head, int columns, string tail = "")
    {
        _head = head;
        _tail = tail;
        Columns = columns;
    }

    public int Columns { get; }

    /// <summary>The largest chunk size (a power of two, at most <paramref name="maxRows"/>) not above <paramref name="remaining"/>.</summary>
    public static int ChunkFor(int remaining, int maxRows = MaxRows)
    {
        var size = maxRows;
        while (size > remaining) size >>= 1;
        return size;
    }

    public string Text(int rows)
    {
        lock (_texts)
        {
            if (_texts.TryGetValue(rows, out var cached)) return cached;
            var sql = new StringBuilder(_head);
            for (var r = 0; r < rows; r++)
            {
                sql.Append(r == 0 ? " (" : ", (");
                for (var c = 0; c < Columns; c++) sql.Append(c == 0 ? "@p" : ", @p").Append(r * Columns + c);
                sql.Append(')');
            }
            if (_tail.Length > 0) sql.Append(' ').Append(_tail);
            return _texts[rows] = sql.ToString();
        }
    }
}
