using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release.Promotion;
using SecretsKit.Deploy.Release.Strategies;

namespace SecretsKit.Deploy.Tests.Release.Strategies;

public sealed class StrategyReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sk-strategies-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private PromotionFile Read(string yaml)
    {
        var path = Path.Combine(_dir, PromotionFile.DefaultFileName);
        File.WriteAllText(path, yaml);
        return PromotionFileReader.Read(path, PromotionFile.DefaultFileName);
    }

    private SecretsKitException Refused(string yaml) => Assert.Throws<SecretsKitException>(() => Read(yaml));

    [Fact]
    public void Reads_a_canary_with_every_step_and_check()
    {
        var file = Read("""
            strategies:
              - releases: [shop/backend]
                environments: [prod]
                canary:
                  canaryRelease: backend-canary
                  weightValue: canary.weight
                  steps:
                    - setWeight: 10
                    - analysis: {helmTest: true}
                    - pause: {duration: 30s}
                    - pause: {}
                    - setWeight: 50
                    - analysis:
                        http: {url: http://127.0.0.1:8080/healthz, expectStatus: 200, jsonPath: $.status, successCondition: "result == 'ok'"}
                        prometheus: {address: http://prometheus:9090, query: "sum(rate(errors[1m]))", successCondition: "result < 0.01"}
                        command: [./scripts/smoke.sh, --fast]
                        interval: 10s
                        count: 3
                        failureLimit: 1
                        timeout: 5s
                  onFailure: abort
            """);
        var strategy = Assert.Single(file.Strategies);
        Assert.Equal(["shop/backend"], strategy.Releases);
        Assert.Equal(["prod"], strategy.Environments);
        Assert.Null(strategy.BlueGreen);
        var canary = strategy.Canary!;
        Assert.Equal(("backend-canary", "canary.weight", CanaryFailure.Abort), (canary.CanaryRelease, canary.WeightValue, canary.OnFailure));
        Assert.Equal(["setWeight 10", "analysis helmTest", "pause 30s", "pause", "setWeight 50", "analysis http+prometheus+command"],
            canary.Steps.Select(s => s.Describe()));
        Assert.Equal(TimeSpan.FromSeconds(30), ((PauseStep)canary.Steps[2]).Duration);
        Assert.Null(((PauseStep)canary.Steps[3]).Duration);
        var analysis = ((AnalysisStep)canary.Steps[5]).Analysis;
        Assert.Equal(new HttpAnalysis(new Uri("http://127.0.0.1:8080/healthz"), 200, "$.status", "result == 'ok'"), analysis.Http);
        Assert.Equal(new PrometheusAnalysis(new Uri("http://prometheus:9090"), "sum(rate(errors[1m]))", "result < 0.01"), analysis.Prometheus);
        Assert.Equal(["./scripts/smoke.sh", "--fast"], analysis.Command!);
        Assert.Equal((TimeSpan.FromSeconds(10), 3, 1, TimeSpan.FromSeconds(5)), (analysis.Interval, analysis.Count, analysis.FailureLimit, analysis.Timeout));
        Assert.StartsWith(PromotionFile.DefaultFileName + ":", analysis.Where, StringComparison.Ordinal);
        Assert.Same(strategy, file.StrategyOf("shop/backend", "prod"));
        Assert.Null(file.StrategyOf("shop/backend", "staging"));
        Assert.Null(file.StrategyOf("shop/frontend", "prod"));
    }

    [Fact]
    public void An_analysis_without_count_interval_or_timeout_measures_once_with_the_defaults()
    {
        var file = Read("strategies: [{releases: [shop/a], canary: {canaryRelease: a-canary, weightValue: w, steps: [{analysis: {helmTest: true}}]}}]");
        var analysis = ((AnalysisStep)file.Strategies[0].Canary!.Steps[0]).Analysis;
        Assert.Equal((AnalysisSpec.DefaultInterval, 1, 0, AnalysisSpec.DefaultTimeout), (analysis.Interval, analysis.Count, analysis.FailureLimit, analysis.Timeout));
        Assert.Empty(file.Strategies[0].Environments);
        Assert.NotNull(file.StrategyOf("shop/a", "any-environment"));
    }

    [Fact]
    public void Reads_blue_green_with_a_router_release_or_a_service_selector()
    {
        var file = Read("""
            strategies:
              - releases: [shop/frontend]
                blueGreen:
                  colors: [frontend-blue, frontend-green]
                  switch: {release: frontend-router, value: activeColor}
                  prePromotion: [{helmTest: true}]
                  postPromotion: [{http: {url: "http://frontend.shop.svc/"}}]
                  scaleDownDelay: 10m
              - releases: [shop/api]
                blueGreen:
                  colors: [api-blue, api-green]
                  switch: {service: shop/api, selectorLabel: app.kubernetes.io/color}
                  scaleDown: uninstall
            """);
        var router = file.Strategies[0].BlueGreen!;
        Assert.Equal(["frontend-blue", "frontend-green"], router.Colors);
        Assert.Equal(new BlueGreenSwitch("frontend-router", "activeColor", null, null), router.Switch);
        Assert.True(router.Switch.ByRelease);
        Assert.True(Assert.Single(router.PrePromotion).HelmTest);
        Assert.Equal(new Uri("http://frontend.shop.svc/"), Assert.Single(router.PostPromotion).Http!.Url);
        Assert.Equal((TimeSpan.FromMinutes(10), BlueGreenScaleDown.ReplicaCount), (router.ScaleDownDelay, router.ScaleDown));
        var service = file.Strategies[1].BlueGreen!;
        Assert.Equal(new BlueGreenSwitch(null, null, "shop/api", "app.kubernetes.io/color"), service.Switch);
        Assert.False(service.Switch.ByRelease);
        Assert.Equal((TimeSpan.Zero, BlueGreenScaleDown.Uninstall), (service.ScaleDownDelay, service.ScaleDown));
        Assert.Empty(service.PrePromotion);
    }

    private const string Canary = "canary: {canaryRelease: b-canary, weightValue: canary.weight, steps: [";

    [Theory]
    [InlineData("strategies: [{releases: [shop/b], " + Canary + "{setWeigth: 10}]}}]", ":1: unknown key 'setWeigth' in a canary step: did you mean 'setWeight'?")]
    [InlineData("strategies: [{releases: [shop/b], canary: {canaryRelease: b-canary, weigthValue: w, steps: [{setWeight: 1}]}}]", "unknown key 'weigthValue' in canary: did you mean 'weightValue'?")]
    [InlineData("strategies: [{relases: [shop/b]}]", "unknown key 'relases' in a strategy: did you mean 'releases'?")]
    [InlineData("strategies: [{releases: [shop/b], " + Canary + "{analysis: {helmTest: true, intervall: 5s}}]}}]", "unknown key 'intervall' in an analysis: did you mean 'interval'?")]
    [InlineData("strategies: [{releases: [shop/b], " + Canary + "{analysis: {http: {url: 'http://x/', expectedStatus: 200}}}]}}]", "unknown key 'expectedStatus' in http: did you mean 'expectStatus'?")]
    [InlineData("strategies: [{releases: [shop/b], " + Canary + "{pause: {duration: 30 seconds}}]}}]", "pause.duration must be a duration such as 30s, 10m or 72h (got '30 seconds')")]
    [InlineData("strategies: [{releases: [shop/b], " + Canary + "{pause: {durtion: 30s}}]}}]", "did you mean 'duration'?")]
    [InlineData("strategies: [{releases: [shop/b], " + Canary + "{analysis: {helmTest: true, interval: -5s}}]}}]", "interval must be a duration")]
    [InlineData("strategies: [{releases: [shop/b], " + Canary + "{setWeight: 101}]}}]", "setWeight must be between 0 and 100")]
    [InlineData("strategies: [{releases: [shop/b], " + Canary + "{setWeight: 10, pause: {}}]}}]", "a canary step is one of setWeight, analysis or pause")]
    [InlineData("strategies: [{releases: [shop/b], " + Canary + "{analysis: {count: 3}}]}}]", "an analysis needs at least one check")]
    [InlineData("strategies: [{releases: [shop/b], " + Canary + "{analysis: {prometheus: {address: 'http://p:9090', query: up}}}]}}]", "prometheus needs successCondition")]
    [InlineData("strategies: [{releases: [shop/b], " + Canary + "{analysis: {prometheus: {address: 'http://p:9090', query: up, successCondition: 'result <'}}}]}}]", "successCondition is not a CEL expression")]
    [InlineData("strategies: [{releases: [shop/b], " + Canary + "{analysis: {http: {url: 'file:///etc/passwd'}}}]}}]", "http.url must be an http:// or https:// URL")]
    [InlineData("strategies: [{releases: [shop/b], " + Canary + "{analysis: {http: {url: 'http://u:p@x/'}}}]}}]", "without credentials")]
    [InlineData("strategies: [{releases: [shop/b], " + Canary + "{analysis: {command: []}}]}}]", "command must be a non-empty list")]
    [InlineData("strategies: [{releases: [shop/b], canary: {canaryRelease: b-canary, weightValue: canary.weight, steps: []}}]", "canary needs steps")]
    [InlineData("strategies: [{releases: [shop/b], canary: {canaryRelease: B_Canary, weightValue: w, steps: [{setWeight: 1}]}}]", "canaryRelease must be a helm release name")]
    [InlineData("strategies: [{releases: [shop/b], canary: {canaryRelease: b-canary, weightValue: 'a..b', steps: [{setWeight: 1}]}}]", "weightValue must be a values path")]
    [InlineData("strategies: [{releases: [shop/b], canary: {canaryRelease: b-canary, weightValue: w, steps: [{setWeight: 1}], onFailure: rollback}}]", "onFailure must be one of abort (got 'rollback')")]
    [InlineData("strategies: [{releases: [backend], " + Canary + "{setWeight: 1}]}}]", "a strategy's release must be namespace/name (got 'backend')")]
    [InlineData("strategies: [{releases: [shop/b]}]", "a strategy is either canary: or blueGreen:")]
    [InlineData("strategies: [{releases: [shop/b], blueGreen: {colors: [b-blue], switch: {release: r, value: v}}}]", "blueGreen.colors must be two different release names")]
    [InlineData("strategies: [{releases: [shop/b], blueGreen: {colors: [b-blue, b-green], switch: {release: r, service: shop/b}}}]", "switch is either {release, value}")]
    [InlineData("strategies: [{releases: [shop/b], blueGreen: {colors: [b-blue, b-green], switch: {release: r, value: v}, scaleDownDelay: soon}}]", "scaleDownDelay must be a duration")]
    [InlineData("strategies: {releases: [shop/b]}", "strategies must be a list")]
    public void Refuses_a_bad_strategy_naming_file_and_line(string yaml, string expected)
    {
        var error = Refused(yaml);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(PromotionFile.DefaultFileName + ":1: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Generic, error.ExitCode);
    }

    [Fact]
    public void A_release_in_two_strategies_is_refused_naming_both_places()
    {
        var error = Refused("""
            strategies:
              - releases: [shop/b]
                canary: {canaryRelease: b-canary, weightValue: w, steps: [{setWeight: 5}]}
              - releases: [shop/a, shop/b]
                blueGreen: {colors: [a-blue, a-green], switch: {service: shop/a, selectorLabel: color}}
            """);
        Assert.StartsWith(PromotionFile.DefaultFileName + ":4: release 'shop/b' is listed by two strategies (the other at "
            + PromotionFile.DefaultFileName + ":2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_release_may_have_one_strategy_per_environment_but_not_two_in_one()
    {
        const string Canary = "canary: {canaryRelease: b-canary, weightValue: w, steps: [{setWeight: 5}]}";
        var strategies = Read($"""
            strategies:
              - releases: [shop/b]
                environments: [prod]
                {Canary}
              - releases: [shop/b]
                environments: [prod-us, prod-ap]
                {Canary}
            """).Strategies;
        Assert.Equal([["prod"], ["prod-us", "prod-ap"]], strategies.Select(s => s.Environments.ToList()).ToList());
        var error = Refused($"""
            strategies:
              - releases: [shop/b]
                environments: [prod, prod-us]
                {Canary}
              - releases: [shop/b]
                environments: [prod-us]
                {Canary}
            """);
        Assert.StartsWith(PromotionFile.DefaultFileName + ":5: release 'shop/b' is listed by two strategies (the other at "
            + PromotionFile.DefaultFileName + ":2): a release has one strategy per environment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_further_down_is_named()
    {
        var error = Refused("""
            strategies:
              - releases: [shop/b]
                canary:
                  canaryRelease: b-canary
                  weightValue: w
                  steps:
                    - setWeight: 5
                    - pause: {duration: 3 minutes}
            """);
        Assert.StartsWith(PromotionFile.DefaultFileName + ":8: pause.duration must be a duration", error.Message, StringComparison.Ordinal);
    }
}
