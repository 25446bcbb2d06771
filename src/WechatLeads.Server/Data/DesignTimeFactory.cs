using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace WechatLeads.Server.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite context without starting the app.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteLeadsDbContext>
{
    public SqliteLeadsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteLeadsDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL context; no server is contacted.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresLeadsDbContext>
{
    public PostgresLeadsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresLeadsDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}
