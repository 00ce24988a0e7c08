using System.Collections.Concurrent;

namespace SecretsKit.Agent.Metrics;

/// <summary>
/// controller-runtime's metrics as ESO exports them, one controller per resource kind (<c>externalsecret</c>,
/// <c>secretstore</c>, …): <c>controller_runtime_reconcile_total{controller,result}</c>,
/// <c>controller_runtime_reconcile_errors_total</c>, <c>controller_runtime_reconcile_time_seconds</c> (histogram),
/// <c>controller_runtime_active_workers</c>, <c>controller_runtime_max_concurrent_reconciles</c> and the work queue's
/// <c>workqueue_depth</c>/<c>workqueue_adds_total</c>/<c>workqueue_retries_total{controller,name}</c>. The agent's
/// workers are one pool shared by every kind, so each controller reports the pool's size as its maximum. The agent
/// serves no admission webhook: the <c>controller_runtime_webhook_*</c> families are declared without samples.
/// </summary>
internal sealed class ControllerRuntimeMetrics
{
    private sealed class Series
    {
        public long Success;
        public long Error;
        public long RequeueAfter;
        public long Adds;
        public long Retries;
        public int Active;
        public readonly Histogram Time = new(Histogram.ReconcileSeconds);
    }

    private readonly ConcurrentDictionary<string, Series> _controllers = new(StringComparer.Ordinal);

    /// <summary>The size of the worker pool (<c>--concurrency</c>).</summary>
    public int MaxConcurrentReconciles { get; set; } = 1;

    /// <summary>Waiting keys per controller, read at each scrape (the session's queue).</summary>
    public Func<IReadOnlyDictionary<string, int>> Depth { get; set; } = () => new Dictionary<string, int>();

    private Series For(string controller) => _controllers.GetOrAdd(controller, static _ => new Series());

    public void Added(string controller) => Interlocked.Increment(ref For(controller).Adds);

    public void Started(string controller) => Interlocked.Increment(ref For(controller).Active);

    /// <summary>A reconcile ended: its result (<c>error</c> counts a retry too) and how long it took.</summary>
    public void Finished(string controller, bool error, bool requeueAfter, TimeSpan took)
    {
        var s = For(controller);
        Interlocked.Decrement(ref s.Active);
        if (error)
        {
            Interlocked.Increment(ref s.Error);
            Interlocked.Increment(ref s.Retries);
        }
        else if (requeueAfter) Interlocked.Increment(ref s.RequeueAfter);
        else Interlocked.Increment(ref s.Success);
        s.Time.Observe(took.TotalSeconds);
    }

    public void Write(PrometheusText text)
    {
        var all = _controllers.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        text.Header("controller_runtime_reconcile_total", "Total number of reconciliations per controller", "counter");
        foreach (var (name, s) in all)
        {
            Result(text, name, "error", Interlocked.Read(ref s.Error));
            Result(text, name, "requeue", 0);
            Result(text, name, "requeue_after", Interlocked.Read(ref s.RequeueAfter));
            Result(text, name, "success", Interlocked.Read(ref s.Success));
        }
        PerController(text, all, "controller_runtime_reconcile_errors_total", "Total number of reconciliation errors per controller", "counter", s => Interlocked.Read(ref s.Error));
        text.Header("controller_runtime_reconcile_time_seconds", "Length of time per reconciliation per controller", "histogram");
        foreach (var (name, s) in all) s.Time.Write(text, "controller_runtime_reconcile_time_seconds", "controller", name);
        PerController(text, all, "controller_runtime_active_workers", "Number of currently used workers per controller", "gauge", s => Volatile.Read(ref s.Active));
        PerController(text, all, "controller_runtime_max_concurrent_reconciles", "Maximum number of concurrent reconciles per controller", "gauge", _ => MaxConcurrentReconciles);
        var depth = Depth();
        Queue(text, all, "workqueue_depth", "Current depth of workqueue", "gauge", (name, _) => depth.GetValueOrDefault(name));
        Queue(text, all, "workqueue_adds_total", "Total number of adds handled by workqueue", "counter", (_, s) => Interlocked.Read(ref s.Adds));
        Queue(text, all, "workqueue_retries_total", "Total number of retries handled by workqueue", "counter", (_, s) => Interlocked.Read(ref s.Retries));
        text.Header("controller_runtime_webhook_requests_total", "Total number of admission requests by HTTP status code (the agent serves no webhook)", "counter");
        text.Header("controller_runtime_webhook_requests_in_flight", "Current number of admission requests being served (the agent serves no webhook)", "gauge");
        text.Header("controller_runtime_webhook_latency_seconds", "Histogram of the latency of processing admission requests (the agent serves no webhook)", "histogram");
    }

    private static void Result(PrometheusText text, string controller, string result, long value)
    {
        text.Open("controller_runtime_reconcile_total");
        text.Label("controller", controller, first: true);
        text.Label("result", result);
        text.Value(value);
    }

    private static void PerController(PrometheusText text, List<KeyValuePair<string, Series>> all, string name, string help, string type, Func<Series, long> value)
    {
        text.Header(name, help, type);
        foreach (var (controller, s) in all)
        {
            text.Open(name);
            text.Label("controller", controller, first: true);
            text.Value(value(s));
        }
    }

    private static void Queue(PrometheusText text, List<KeyValuePair<string, Series>> all, string name, string help, string type, Func<string, Series, long> value)
    {
        text.Header(name, help, type);
        foreach (var (controller, s) in all)
        {
            text.Open(name);
            text.Label("controller", controller, first: true);
            text.Label("name", controller);
            text.Value(value(controller, s));
        }
    }
}
