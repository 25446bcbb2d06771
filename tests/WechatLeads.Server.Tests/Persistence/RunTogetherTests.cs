using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Data;
using WechatLeads.Server.Messaging;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Persistence;

/// <summary>
/// <see cref="WriteBatch.RunTogether"/> on the database the suite runs on: on PostgreSQL every step and whatever was deferred
/// ahead of them go in one round trip, and each answer must still be matched to its own step.
/// </summary>
public sealed class RunTogetherTests() : HostedTests(shareHost: true)
{
    internal const string Insert = """INSERT INTO "WebhookReceipts" ("Key", "Signature", "ReceivedAt") VALUES (@Key, @Key, @At)""";
    private const string Find = """SELECT "Key" FROM "WebhookReceipts" WHERE "Key" = @Key""";
    private const string Touch = """UPDATE "WebhookReceipts" SET "ReceivedAt" = @At WHERE "Key" IN (@A, @B)""";

    /// <summary>A write that runs <see cref="Body"/> in the writer's transaction and keeps what it answered.</summary>
    private sealed class Probe(Func<WriteBatch, StepAnswer[]> body) : IDurableWrite
    {
        public StepAnswer[]? Answers { get; private set; }

        public Task ApplyAsync(WriteBatch batch, CancellationToken cancellationToken)
        {
            Answers = body(batch);
            return Task.CompletedTask;
        }
    }

    private async Task<StepAnswer[]> RunAsync(Func<WriteBatch, StepAnswer[]> body)
    {
        var probe = new Probe(body);
        await App.Services.GetRequiredService<DurableWriteQueue>().SubmitAsync(null, [probe]);
        return probe.Answers!;
    }

    private static Step Key(string sql, string key, DateTime at) => Step.Row(sql, new { Key = key, At = at }, r => r.GetString(0));

    [Fact]
    public async Task Each_step_gets_its_own_answer_with_deferred_writes_ahead_and_rowless_steps_between()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var (deferred, inserted, returned) = ($"rt-d-{id}", $"rt-i-{id}", $"rt-r-{id}");
        var at = DateTime.UtcNow;

        var answers = await RunAsync(batch =>
        {
            batch.Defer(Insert, new { Key = deferred, At = at });
            return batch.RunTogether(
            [
                Step.Execute(Insert, new { Key = inserted, At = at }),
                Step.Row(Find, new { Key = deferred }, r => r.GetString(0)),
                Step.Row(Find, new { Key = "rt-none-" + id }, r => r.GetString(0)),
                Step.Execute(Touch, new { At = at.AddSeconds(1), A = deferred, B = inserted }),
                Key(Insert + """ RETURNING "Key" """, returned, at),
                Step.Execute(Touch, new { At = at, A = "rt-none-" + id, B = "rt-none2-" + id }),
                Step.Row(Find, new { Key = inserted }, r => r.GetString(0)),
            ]);
        });

        Assert.Equal(1, answers[0].Affected);
        Assert.Equal(deferred, answers[1].RowAs<string>()); // a later step sees what was deferred ahead of it
        Assert.Null(answers[2].Row);
        Assert.Equal(2, answers[3].Affected);
        Assert.Equal(returned, answers[4].RowAs<string>());
        Assert.Equal(0, answers[5].Affected);
        Assert.Equal(inserted, answers[6].RowAs<string>()); // and what an earlier step wrote
        Assert.Equal(3, await App.QueryAsync(db => Task.FromResult(db.Set<WebhookReceipt>().Count(r => r.Key.EndsWith(id)))));
    }

    [PostgresFact]
    public async Task A_statement_that_returns_rows_given_as_a_rowless_step_fails_the_write_instead_of_shifting_the_answers()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var at = DateTime.UtcNow;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => RunAsync(batch => batch.RunTogether(
        [
            Step.Execute(Insert + """ RETURNING "Key" """, new { Key = $"rt-x-{id}", At = at }),
            Step.Row(Find, new { Key = $"rt-x-{id}" }, r => r.GetString(0)),
        ])));

        Assert.Contains("Step.Execute", error.Message);
        Assert.Equal(0, await App.QueryAsync(db => Task.FromResult(db.Set<WebhookReceipt>().Count(r => r.Key.EndsWith(id)))));
    }
}
