// Hangfire keeps its current storage in a static; hosts started one at a time keep each test's jobs its own.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
