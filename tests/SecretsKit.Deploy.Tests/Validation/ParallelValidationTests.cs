using System.Text;
using SecretsKit.Deploy.Validation;
using SecretsKit.Deploy.Tests.Validation.Rules;

namespace SecretsKit.Deploy.Tests.Validation;

/// <summary>
/// Documents are parsed and checked on several workers (one per core): the report is the same, finding for finding and
/// in the same order, as a run on one worker, over a stream whose documents fail in many ways (CEL rules with
/// fieldPath and messageExpression, types, unknown fields, YAML errors, List items, object metadata, no schema).
/// </summary>
public sealed class ParallelValidationTests
{
    private static string Stream()
    {
        var text = new StringBuilder(CelRuleCheckTests.Crd);
        for (var i = 0; i < 60; i++)
        {
            text.Append("# Source: chart/templates/doc").Append(i).Append(".yaml\n");
            text.Append((i % 6) switch
            {
                0 => $"apiVersion: example.com/v1\nkind: Route\nmetadata: {{name: r{i}}}\nspec: {{replicas: {11 + i}}}\n",
                1 => $"apiVersion: example.com/v1\nkind: Route\nmetadata: {{name: r{i}}}\nspec: {{size: {4 + i}, mode: b{i}}}\n",
                2 => $"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: d{i}}}\nspec: {{replicas: x{i}, selector: {{}}, template: {{spek: 1}}}}\n",
                3 => $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c{i}\n  labels: [unclosed\n",
                4 => $"apiVersion: v1\nkind: List\nitems:\n- {{apiVersion: example.com/v1, kind: Route, metadata: {{name: l{i}}}, spec: {{mode: z}}}}\n"
                    + $"- {{apiVersion: v1, kind: ConfigMap, metadata: {{name: Bad_{i}}}, data: {{'a b': x}}}}\n",
                _ => $"apiVersion: example.com/v1\nkind: Widget\nmetadata: {{name: w{i}}}\n",
            });
            text.Append("---\n");
        }
        return text.ToString();
    }

    private static Task<ValidationReport> ValidateAsync(string text, int workers, bool ownThreads = false) =>
        new ManifestValidator(new ValidationOptions { MaxParallelism = workers, OwnThreads = ownThreads })
            .ValidateAsync([new ManifestSource("release web/shop", text, "web")], null, CancellationToken.None);

    [Fact]
    public async Task A_parallel_run_reports_the_same_findings_in_the_same_order_as_one_worker()
    {
        Assert.True(Environment.ProcessorCount >= 2, "this machine has one core: nothing runs in parallel");
        var text = Stream();
        var sequential = await ValidateAsync(text, 1);
        Assert.Equal(90, sequential.Issues.Count); // nine findings in every six documents
        Assert.Equal(71, sequential.Documents); // the CRD, 60 documents, 10 Lists of two items standing for themselves
        Assert.Equal(10, sequential.Skipped.Count);
        Assert.Contains(sequential.Issues, i => i.ToString().EndsWith("Route web/r54: spec.replicas: Forbidden: too many", StringComparison.Ordinal));
        Assert.Contains(sequential.Issues, i => i.ToString().EndsWith("Route web/r55: spec: Invalid value: size 59 is more than 3", StringComparison.Ordinal));
        var expected = sequential.RenderText();
        var expectedJson = ValidationReportJson.Write(sequential);
        for (var run = 0; run < 5; run++)
        {
            var parallel = await ValidateAsync(text, 0, ownThreads: run % 2 == 1);
            Assert.Equal(sequential.Issues.Select(i => i.ToString()), parallel.Issues.Select(i => i.ToString()));
            Assert.Equal(expected, parallel.RenderText());
            Assert.Equal(expectedJson, ValidationReportJson.Write(parallel));
            Assert.Equal(sequential.CelRulesEvaluated, parallel.CelRulesEvaluated);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_second_worker_runs_on_the_pool_or_on_a_thread_of_its_own_as_asked(bool ownThreads)
    {
        // each item waits for the other, so each of the two workers runs exactly one, at the same time
        using var both = new Barrier(2);
        var onPool = new bool[2];
        var threads = new int[2];
        var caller = Environment.CurrentManagedThreadId;
        using var own = ownThreads ? new WorkerThreads() : null;
        await DocumentWorkers.RunAsync(2, 2, i =>
        {
            onPool[i] = Thread.CurrentThread.IsThreadPoolThread;
            threads[i] = Environment.CurrentManagedThreadId;
            both.SignalAndWait();
            return ValueTask.CompletedTask;
        }, CancellationToken.None, own);
        Assert.NotEqual(threads[0], threads[1]);
        var other = threads[0] == caller ? 1 : 0;
        Assert.Equal(caller, threads[1 - other]);
        Assert.Equal(!ownThreads, onPool[other]);
    }

    [Fact]
    public async Task Own_worker_threads_start_once_and_serve_every_phase()
    {
        using var own = new WorkerThreads();
        var seen = new System.Collections.Concurrent.ConcurrentBag<int>();
        for (var phase = 0; phase < 3; phase++)
        {
            // each item waits for the other: every phase runs on the caller and one worker thread at once
            using var both = new Barrier(2);
            await DocumentWorkers.RunAsync(2, 2, i =>
            {
                seen.Add(Environment.CurrentManagedThreadId);
                both.SignalAndWait();
                return ValueTask.CompletedTask;
            }, CancellationToken.None, own);
        }
        Assert.Equal(6, seen.Count);
        Assert.Equal(2, seen.Distinct().Count()); // not a new thread per phase
    }

    [Fact]
    public async Task Work_handed_out_while_every_own_thread_is_busy_waits_for_one_instead_of_starting_another()
    {
        // one thread at most: the bundle's load, begun before the parse, holds it when the parse's second worker is handed out
        using var own = new WorkerThreads(1);
        using var release = new ManualResetEventSlim();
        using var joined = new ManualResetEventSlim();
        var busy = 0;
        var first = own.Run(() =>
        {
            busy = Environment.CurrentManagedThreadId;
            release.Wait();
            return Task.CompletedTask;
        });
        var caller = Environment.CurrentManagedThreadId;
        var helped = new System.Collections.Concurrent.ConcurrentBag<int>();
        await DocumentWorkers.RunAsync(2, 2, i =>
        {
            if (Environment.CurrentManagedThreadId != caller)
            {
                helped.Add(Environment.CurrentManagedThreadId);
                joined.Set();
                return ValueTask.CompletedTask;
            }
            // the caller's first item frees the busy thread and waits for it to take the other item
            release.Set();
            Assert.True(joined.Wait(TimeSpan.FromMinutes(1)), "the busy thread never took the queued worker");
            return ValueTask.CompletedTask;
        }, CancellationToken.None, own);
        await first;
        Assert.Equal([busy], helped); // the thread that was busy, not a second one
    }

    [Fact]
    public void Workers_are_never_more_than_the_cores_or_the_documents()
    {
        Assert.Equal(Environment.ProcessorCount, DocumentWorkers.Count(0, 1000));
        Assert.Equal(Environment.ProcessorCount, DocumentWorkers.Count(64, 1000));
        Assert.Equal(1, DocumentWorkers.Count(1, 1000));
        Assert.Equal(1, DocumentWorkers.Count(0, 1));
        Assert.Equal(1, DocumentWorkers.Count(0, 0));
    }
}
