using WechatLeads.Server.Data;

namespace WechatLeads.Server.Tests.Platform;

public sealed class MultiRowStatementTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(16, 16)]
    [InlineData(17, 16)]
    [InlineData(1000, 16)]
    public void A_batch_is_sent_in_power_of_two_chunks(int remaining, int chunk) =>
        Assert.Equal(chunk, MultiRowStatement.ChunkFor(remaining));

    [Theory]
    [InlineData(1000, 512)]
    [InlineData(1024, 1024)]
    [InlineData(5000, 1024)]
    public void PostgreSQL_takes_chunks_of_up_to_1024_rows(int remaining, int chunk) =>
        Assert.Equal(chunk, MultiRowStatement.ChunkFor(remaining, MultiRowStatement.MaxRowsPostgres));

    [Fact]
    public void Every_size_from_1_to_100_is_covered_exactly_by_its_chunks()
    {
        for (var n = 1; n <= 100; n++)
        {
            var sizes = new List<int>();
            for (var left = n; left > 0; left -= sizes[^1]) sizes.Add(MultiRowStatement.ChunkFor(left));
            Assert.Equal(n, sizes.Sum());
            Assert.All(sizes, s => Assert.True(s > 0 && (s & (s - 1)) == 0 && s <= MultiRowStatement.MaxRows));
        }
    }

    [Fact]
    public void Rows_are_numbered_row_after_row_and_the_tail_follows()
    {
        var statement = new MultiRowStatement("INSERT INTO \"T\" (\"A\", \"B\") VALUES", 2, "RETURNING \"A\"");
        Assert.Equal("INSERT INTO \"T\" (\"A\", \"B\") VALUES (@p0, @p1), (@p2, @p3), (@p4, @p5) RETURNING \"A\"", statement.Text(3));
        Assert.Same(statement.Text(3), statement.Text(3));
    }
}
