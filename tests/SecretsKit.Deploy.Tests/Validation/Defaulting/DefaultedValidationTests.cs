using static SecretsKit.Deploy.Tests.Validation.ValidationRun;

namespace SecretsKit.Deploy.Tests.Validation.Defaulting;

/// <summary>
/// A custom resource is validated as the API server validates it: after its CRD's defaults are applied. A required
/// field a default fills is no finding; a default's value is checked like a written one (types, patterns, enums, CEL);
/// CEL rules read object and list defaults; a null where the schema is not nullable is defaulted, or dropped (and then
/// fails <c>required</c>). Built-in kinds are not defaulted from their schemas (the API server does that in Go).
/// </summary>
public sealed class DefaultedValidationTests
{
    private static readonly string Crd = TestCrd.Of("Backup", "backups", """
        type: object
        required: [schedule, retention]
        x-kubernetes-validations:
        - rule: "self.retention.keep <= self.limit"
          message: retention keeps more than the limit
        - rule: "self.targets.all(t, t.kind == 'Volume')"
          message: only volumes
        properties:
          schedule: {type: string, default: "@daily"}
          limit: {type: integer, default: 5}
          retention:
            type: object
            default: {keep: 3}
            required: [keep]
            properties:
              keep: {type: integer, minimum: 1}
              mode: {type: string, enum: [Retain, Delete], default: Retain}
          targets:
            type: array
            default: [{name: data}]
            items:
              type: object
              properties:
                name: {type: string}
                kind: {type: string, default: Volume}
          owner: {type: string, nullable: true}
          zone: {type: string, pattern: "^[a-z]+-[0-9]$", default: "EU West"}
        """);

    private const string Backup = "apiVersion: example.com/v1\nkind: Backup\nmetadata: {name: b}\nspec: ";

    [Fact]
    public async Task Required_fields_filled_by_defaults_are_no_finding_but_a_default_that_breaks_a_pattern_is_one()
    {
        // schedule and retention are required and defaulted; zone's own default does not match its pattern
        Assert.Equal(["m.yaml: Backup b: spec.zone: should match '^[a-z]+-[0-9]$'"], await FindingsAsync(Crd + Backup + "{}\n"));
        Assert.Empty(await FindingsAsync(Crd + Backup + "{zone: eu-1}\n"));
    }

    [Fact]
    public async Task Cel_rules_read_object_and_list_defaults_and_the_defaults_nested_in_them()
    {
        // retention defaults to {keep: 3, mode: Retain}: more than a limit of 2
        Assert.Equal(["m.yaml: Backup b: spec: Invalid value: retention keeps more than the limit"],
            await FindingsAsync(Crd + Backup + "{zone: eu-1, limit: 2}\n"));
        // targets default to [{name: data}], whose kind defaults to Volume; a written target gets its kind too
        Assert.Empty(await FindingsAsync(Crd + Backup + "{zone: eu-1, targets: [{name: logs}]}\n"));
        Assert.Equal(["m.yaml: Backup b: spec: Invalid value: only volumes"],
            await FindingsAsync(Crd + Backup + "{zone: eu-1, targets: [{name: logs}, {name: s3, kind: Bucket}]}\n"));
    }

    [Fact]
    public async Task A_written_value_is_never_replaced_and_the_defaults_inside_it_still_apply()
    {
        // retention written without keep: its required keep is not defaulted (only a missing retention is), and the
        // spec's rule meets no keep, as on the API server
        var findings = await FindingsAsync(Crd + Backup + "{zone: eu-1, retention: {mode: Delete}}\n");
        Assert.Equal(
        [
            "m.yaml: Backup b: spec: Invalid value: \"object\": no such key: keep evaluating rule: retention keeps more than the limit",
            "m.yaml: Backup b: spec.retention: missing required field \"keep\"",
        ], findings);
        // mode defaults to Retain inside a written retention: the enum is met
        Assert.Empty(await FindingsAsync(Crd + Backup + "{zone: eu-1, retention: {keep: 1}}\n"));
    }

    [Fact]
    public async Task A_null_is_defaulted_where_the_schema_is_not_nullable_and_kept_where_it_is()
    {
        // schedule: null is defaulted (required met); owner: null is nullable and kept
        Assert.Empty(await FindingsAsync(Crd + Backup + "{zone: eu-1, schedule: null, owner: null, retention: ~}\n"));
        // a null with neither a default nor nullable is dropped by the API server, so required fails
        var crd = TestCrd.Of("Plain", "plains", "type: object\nrequired: [a, b]\nproperties:\n  a: {type: string}\n  b: {type: string, nullable: true}");
        Assert.Equal(["m.yaml: Plain p: spec: missing required field \"a\""],
            await FindingsAsync(crd + "apiVersion: example.com/v1\nkind: Plain\nmetadata: {name: p}\nspec: {a: null, b: null}\n"));
    }

    [Fact]
    public async Task A_null_list_item_is_kept_and_must_be_nullable_as_the_API_server_prunes_nulls_only_from_objects()
    {
        var crd = TestCrd.Of("Lists", "lists", """
            type: object
            properties:
              names: {type: array, items: {type: string}}
              maybe: {type: array, items: {type: string, nullable: true}}
              ports: {type: array, items: {x-kubernetes-int-or-string: true}}
              filled: {type: array, items: {type: string, default: d}}
              free: {type: array, items: {x-kubernetes-preserve-unknown-fields: true}}
              rules: {type: array, items: {type: object, properties: {x: {type: string}}}}
            """);
        var cr = "apiVersion: example.com/v1\nkind: Lists\nmetadata: {name: l}\n"
            + "spec: {names: [a, null], maybe: [null], ports: [80, null], filled: [null], free: [null], rules: [null, {x: null}]}\n";
        Assert.Equal(
        [
            "m.yaml: Lists l: spec.names[1]: expected string, got value of type null",
            "m.yaml: Lists l: spec.ports[1]: expected integer or string, got value of type null",
            "m.yaml: Lists l: spec.rules[0]: expected object, got value of type null",
        ], await FindingsAsync(crd + cr));
        // a built-in kind decodes a null item to its zero value: its own validation, not the schema's, judges that
        Assert.Empty(await FindingsAsync("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: i, args: [a, null]}]\n"));
    }

    [Fact]
    public async Task Built_in_kinds_are_not_defaulted_from_their_schemas()
    {
        // a Service port's protocol has no default in the schema bundle's sense: a missing required field stays missing
        var service = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n  - {protocol: TCP}\n";
        Assert.Contains("m.yaml: Service s: spec.ports[0]: missing required field \"port\"", await FindingsAsync(service));
    }
}
