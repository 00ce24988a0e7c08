#!/usr/bin/env python3
"""Turns Kubernetes' published OpenAPI v3 spec (api/openapi-spec/v3) into the compact schema bundle that
`secretskit validate` embeds. Reproducible: keys sorted, no timestamps, gzip mtime 0.

usage: bundle.py SPEC_DIR KUBE_MINOR SOURCE OUT.json.gz
       bundle.py --index BUNDLE.json.gz      (writes BUNDLE.index for a bundle already made)

Beside each bundle goes its index (OUT.index, text): where in the bundle's JSON bytes each top-level section
("@kinds", "@source", ...) and each schema lies, one "NAME START LENGTH" line each, so that a run finds a schema
without walking the JSON.

SPEC_DIR holds api/v1.json and apis/<group>/<version>.json. Only what validation reads is kept: type, format,
properties, required, items, additionalProperties, enum, nullable, $ref, the x-kubernetes-int-or-string,
x-kubernetes-preserve-unknown-fields and x-kubernetes-embedded-resource extensions, the list types `set` and `map`
(x-kubernetes-list-type, x-kubernetes-list-map-keys; `atomic` is the default and dropped) and the scalar `default` of
a list-map key field (server-side apply fills a missing key with it: a ContainerPort's protocol is "TCP").
Descriptions, other defaults and patch metadata are dropped. `allOf: [{$ref}]` becomes the $ref; oneOf [integer, string] becomes int-or-string;
oneOf [string, number] (resource.Quantity) becomes the type "quantity".
"""
import gzip
import io
import json
import os
import sys

KEEP = {"type", "format", "required", "enum", "nullable", "x-kubernetes-list-map-keys",
        "x-kubernetes-int-or-string", "x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource"}
LIST_TYPES = {"set", "map"}
PREFIX = "#/components/schemas/"


def ref_of(node):
    """The schema name a node refers to ($ref, or allOf with one $ref), or None."""
    ref = node.get("$ref") or (node.get("allOf") or [{}])[0].get("$ref")
    return ref[len(PREFIX):] if ref and ref.startswith(PREFIX) else None


def map_keys(schemas):
    """{item schema name: key fields} of every list-map whose items are a named schema."""
    keys = {}
    for schema in schemas.values():
        for prop in (schema.get("properties") or {}).values():
            if prop.get("x-kubernetes-list-type") == "map" and (item := ref_of(prop.get("items") or {})):
                keys.setdefault(item, set()).update(prop.get("x-kubernetes-list-map-keys") or [])
    return keys


def strip(node, key_fields=frozenset()):
    out = {}
    for key, value in node.items():
        if key in KEEP:
            out[key] = value
        elif key == "x-kubernetes-list-type":
            if value in LIST_TYPES:
                out[key] = value
        elif key == "$ref":
            out["$ref"] = value[len(PREFIX):] if value.startswith(PREFIX) else value
        elif key == "allOf" and len(value) == 1 and "$ref" in value[0]:
            out["$ref"] = strip(value[0])["$ref"]
        elif key == "properties":
            out["properties"] = {k: keep_default(strip(v), v, k in key_fields) for k, v in value.items()}
        elif key in ("items", "additionalProperties"):
            out[key] = strip(value) if isinstance(value, dict) else value
        elif key == "oneOf":
            types = sorted(t.get("type", "") for t in value)
            if types == ["integer", "string"]:
                out["x-kubernetes-int-or-string"] = True
            elif types == ["number", "string"]:
                out["type"] = "quantity"
            else:
                raise SystemExit(f"unsupported oneOf: {value}")
    if out.get("format") == "int-or-string":
        out["x-kubernetes-int-or-string"] = True
        out.pop("format")
    return out


def keep_default(stripped, node, is_key):
    if is_key and isinstance(node.get("default"), (str, int, float, bool)):
        stripped["default"] = node["default"]
    return stripped


def dump(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode("utf-8")


def index_lines(bundle, raw):
    """The index of raw (dump(bundle)), built from the same pieces: asserted to give raw byte for byte."""
    lines, parts, at = [], [b"{"], 1
    for n, key in enumerate(sorted(bundle)):
        head = (b"," if n else b"") + dump(key) + b":"
        parts.append(head)
        at += len(head)
        value = dump(bundle[key])
        lines.append(f"@{key} {at} {len(value)}")
        if key == "schemas":
            inner = at + 1
            for m, name in enumerate(sorted(bundle[key])):
                inner += len((b"," if m else b"") + dump(name) + b":")
                schema = dump(bundle[key][name])
                lines.append(f"{name} {inner} {len(schema)}")
                inner += len(schema)
        parts.append(value)
        at += len(value)
    parts.append(b"}")
    if b"".join(parts) != raw:
        raise SystemExit("the index's pieces do not make the bundle's JSON")
    return "".join(line + "\n" for line in lines).encode("utf-8")


def write_index(bundle, raw, target):
    with open(target[: -len(".json.gz")] + ".index", "wb") as f:
        f.write(index_lines(bundle, raw))


def main():
    if sys.argv[1] == "--index":
        with gzip.open(sys.argv[2], "rb") as f:
            raw = f.read()
        write_index(json.loads(raw), raw, sys.argv[2])
        return
    spec_dir, minor, source, target = sys.argv[1:5]
    schemas, kinds, files = {}, {}, []
    for root, _, names in os.walk(spec_dir):
        files += [os.path.join(root, n) for n in names if n.endswith(".json")]
    docs = []
    for path in sorted(files):
        with open(path, encoding="utf-8") as f:
            docs.append(json.load(f))
    keys = {}
    for doc in docs:
        for item, fields in map_keys(doc.get("components", {}).get("schemas", {})).items():
            keys.setdefault(item, set()).update(fields)
    for doc in docs:
        for name, schema in doc.get("components", {}).get("schemas", {}).items():
            schemas[name] = strip(schema, frozenset(keys.get(name, ())))
            for gvk in schema.get("x-kubernetes-group-version-kind", []):
                api = gvk["version"] if gvk["group"] == "" else f'{gvk["group"]}/{gvk["version"]}'
                # A kind is listed under every schema that carries its GVK (e.g. DeleteOptions); keep the one whose
                # name ends in the kind, else the first.
                key = f'{api}/{gvk["kind"]}'
                if key not in kinds or name.endswith("." + gvk["kind"]):
                    kinds[key] = name
    bundle = {"kubernetesVersion": minor, "source": source, "kinds": kinds, "schemas": schemas}
    raw = dump(bundle)
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    with open(target, "wb") as f:
        f.write(buf.getvalue())
    write_index(bundle, raw, target)
    enums = raw.count(b'"enum":')
    list_types = raw.count(b'"x-kubernetes-list-type":')
    print(f"{target}: Kubernetes {minor}, {len(kinds)} kinds, {len(schemas)} schemas, {enums} enums, {list_types} list types, "
          f"{len(raw)} bytes JSON, {len(buf.getvalue())} bytes gzip")


if __name__ == "__main__":
    main()
