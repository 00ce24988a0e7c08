using SecretsKit.Deploy.Validation;

namespace SecretsKit.Deploy.Tests.Validation;

/// <summary>Validation of the real helm 3.10.1's rendering of <see cref="ValidationChart"/>: one class of mistake per test.</summary>
public sealed class ManifestValidatorTests : IClassFixture<ManifestValidatorTests.Chart>
{
    private readonly ValidationChart _chart;

    public ManifestValidatorTests(Chart chart) => _chart = chart.Value;

    /// <summary>One chart (and one helm home) for the class.</summary>
    public sealed class Chart : IDisposable
    {
        public ValidationChart Value { get; } = new();

        public void Dispose() => Value.Dispose();
    }

    private static async Task<ValidationReport> ValidateAsync(string rendered, ValidationOptions? options = null) =>
        await new ManifestValidator(options ?? new ValidationOptions()).ValidateAsync([new ManifestSource("release web/shop", rendered, "web")], null, CancellationToken.None);

    private static ValidationIssue Single(ValidationReport report)
    {
        Assert.False(report.Ok);
        return Assert.Single(report.Issues);
    }

    [Fact]
    public async Task The_valid_chart_passes_with_its_CRD_and_custom_resource_checked()
    {
        var report = await ValidateAsync(await _chart.RenderAsync());
        Assert.True(report.Ok, report.RenderText());
        Assert.Equal(5, report.Documents); // the CRD, Service, Secret, Deployment and Widget
        Assert.Equal(5, report.Valid);
        Assert.Empty(report.Skipped);
        Assert.Equal("1.35", report.KubernetesVersion);
    }

    [Fact]
    public async Task A_quoted_integer_is_a_wrong_type_named_with_release_template_object_and_path()
    {
        var issue = Single(await ValidateAsync(await _chart.RenderAsync("bugs.quotedReplicas=true")));
        Assert.Equal("spec.replicas", issue.Path);
        Assert.Equal("expected integer, got value of type string", issue.Message);
        Assert.Equal("release web/shop: shop/templates/deployment.yaml: Deployment web/shop: spec.replicas: expected integer, got value of type string", issue.ToString());
    }

    [Fact]
    public async Task A_misspelt_field_is_an_unknown_field_and_the_missing_containers_are_reported()
    {
        var report = await ValidateAsync(await _chart.RenderAsync("bugs.typo=true"));
        Assert.Contains(report.Issues, i => i.Path == "spec.template.spec.contianers" && i.Message == "unknown field \"contianers\"");
        Assert.Contains(report.Issues, i => i.Path == "spec.template.spec" && i.Message == "missing required field \"containers\"");
    }

    [Fact]
    public async Task Strict_false_accepts_unknown_fields()
    {
        var report = await ValidateAsync(await _chart.RenderAsync("bugs.typo=true"), new ValidationOptions(Strict: false));
        Assert.DoesNotContain(report.Issues, i => i.Message.StartsWith("unknown field", StringComparison.Ordinal));
        Assert.Contains(report.Issues, i => i.Message == "missing required field \"containers\"");
    }

    [Fact]
    public async Task A_missing_selector_is_a_missing_required_field()
    {
        var issue = Single(await ValidateAsync(await _chart.RenderAsync("bugs.noSelector=true")));
        Assert.Equal("spec", issue.Path);
        Assert.Equal("missing required field \"selector\"", issue.Message);
    }

    [Fact]
    public async Task A_boolean_target_port_misuses_int_or_string()
    {
        var issue = Single(await ValidateAsync(await _chart.RenderAsync("bugs.boolPort=true")));
        Assert.Equal("shop/templates/service.yaml", issue.Document.Template);
        Assert.Equal("spec.ports[0].targetPort", issue.Path);
        Assert.Equal("expected integer or string, got value of type boolean", issue.Message);
    }

    [Fact]
    public async Task An_unquoted_yes_is_a_boolean_where_a_string_is_expected()
    {
        var issue = Single(await ValidateAsync(await _chart.RenderAsync("bugs.yesBoolean=true")));
        Assert.Equal("spec.template.spec.containers[0].env[0].value", issue.Path);
        Assert.Equal("expected string, got value of type boolean", issue.Message);
    }

    [Fact]
    public async Task A_custom_resource_that_breaks_the_charts_own_CRD_schema_is_reported()
    {
        var issue = Single(await ValidateAsync(await _chart.RenderAsync("bugs.widgetSize=true")));
        Assert.Equal("Widget", issue.Document.Kind);
        Assert.Equal("spec.size", issue.Path);
        Assert.Equal("expected integer, got value of type string", issue.Message);
    }

    [Fact]
    public async Task A_value_outside_the_CRDs_enum_is_reported_with_the_allowed_values_and_itself()
    {
        var issue = Single(await ValidateAsync(await _chart.RenderAsync("bugs.tier=medium")));
        Assert.Equal("spec.tier", issue.Path);
        Assert.Equal("expected one of \"small\", \"large\"; got \"medium\"", issue.Message);
    }

    [Fact]
    public async Task The_built_in_schemas_have_no_enum_for_the_service_type_as_kubernetes_published_spec_has_none()
    {
        var report = await ValidateAsync(await _chart.RenderAsync("bugs.serviceType=Bogus"));
        Assert.True(report.Ok, report.RenderText());
    }

    [Fact]
    public async Task A_secret_with_non_base64_data_is_reported_without_its_value()
    {
        var report = await ValidateAsync(await _chart.RenderAsync("bugs.plainSecret=true"));
        var issue = Single(report);
        Assert.Equal("Secret", issue.Document.Kind);
        Assert.Equal("data.password", issue.Path);
        Assert.Equal("expected base64-encoded data, got a string that is not valid base64", issue.Message);
        Assert.DoesNotContain(ValidationChart.PlantedSecret, report.RenderText(), StringComparison.Ordinal);
        Assert.DoesNotContain(ValidationChart.PlantedSecret, System.Text.Encoding.UTF8.GetString(ValidationReportJson.Write(report)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_CRD_the_custom_resource_is_skipped_or_with_reject_missing_schemas_an_error()
    {
        var rendered = await _chart.RenderAsync();
        var withoutCrd = string.Join("---", rendered.Split("---").Where(d => !d.Contains("kind: CustomResourceDefinition", StringComparison.Ordinal)));
        var skipped = await ValidateAsync(withoutCrd);
        Assert.True(skipped.Ok);
        Assert.Equal("Widget", Assert.Single(skipped.Skipped).Kind);
        Assert.Contains("skipped (no schema for shop.example.com/v1 Widget)", skipped.RenderText(), StringComparison.Ordinal);

        var rejected = await ValidateAsync(withoutCrd, new ValidationOptions(RejectMissingSchemas: true));
        Assert.Equal("no schema for shop.example.com/v1 Widget (--reject-missing-schemas)", Single(rejected).Message);
    }

    [Theory]
    [InlineData("apps/v1", "Deploymnet", "no kind Deploymnet in Kubernetes 1.35's built-in apps/v1 (did you mean Deployment?)")]
    [InlineData("v1", "Secrt", "no kind Secrt in Kubernetes 1.35's built-in v1 (did you mean Secret?)")]
    [InlineData("apps/v1", "Gadget", "no kind Gadget in Kubernetes 1.35's built-in apps/v1")]
    public async Task A_kind_of_a_built_in_api_group_without_a_schema_is_an_error_not_skipped(string apiVersion, string kind, string message)
    {
        var report = await ValidateAsync($"apiVersion: {apiVersion}\nkind: {kind}\nmetadata:\n  name: web\n");

        Assert.Empty(report.Skipped);
        Assert.Equal(message, Single(report).Message);
    }
}
