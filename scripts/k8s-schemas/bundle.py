#!/usr/bin/env python3
"""Turns Kubernetes' published OpenAPI v3 spec (api/openapi-spec/v3) into the compact schema bundle that
`secretskit validate` embeds. Reproducible: keys sorted, no timestamps, gzip mtime 0.

usage: bundle.py SPEC_DIR KUBE_MINOR SOURCE OUT.json.gz

SPEC_DIR holds api/v1.json and apis/<group>/<version>.json. Only what validation reads is kept: type, format,
properties, required, items, additionalProperties, enum, nullable, $ref, and the x-kubernetes-int-or-string,
x-kubernetes-preserve-unknown-fields and x-kubernetes-embedded-resource extensions. Descriptions, defaults and
patch/list metadata are dropped. `allOf: [{$ref}]` becomes the $ref; oneOf [integer, string] becomes int-or-string;
oneOf [string, number] (resource.Quantity) becomes the type "quantity".
"""
import gzip
import io
import json
import os
import sys

KEEP = {"type", "format", "required", "enum", "nullable",
        "x-kubernetes-int-or-string", "x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource"}
PREFIX = "#/components/schemas/"


def strip(node):
    out = {}
    for key, value in node.items():
        if key in KEEP:
            out[key] = value
        elif key == "$ref":
            out["$ref"] = value[len(PREFIX):] if value.startswith(PREFIX) else value
        elif key == "allOf" and len(value) == 1 and "$ref" in value[0]:
            out["$ref"] = strip(value[0])["$ref"]
        elif key == "properties":
            out["properties"] = {k: strip(v) for k, v in value.items()}
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


def main():
    spec_dir, minor, source, target = sys.argv[1:5]
    schemas, kinds, files = {}, {}, []
    for root, _, names in os.walk(spec_dir):
        files += [os.path.join(root, n) for n in names if n.endswith(".json")]
    for path in sorted(files):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        for name, schema in doc.get("components", {}).get("schemas", {}).items():
            schemas[name] = strip(schema)
            for gvk in schema.get("x-kubernetes-group-version-kind", []):
                api = gvk["version"] if gvk["group"] == "" else f'{gvk["group"]}/{gvk["version"]}'
                # A kind is listed under every schema that carries its GVK (e.g. DeleteOptions); keep the one whose
                # name ends in the kind, else the first.
                key = f'{api}/{gvk["kind"]}'
                if key not in kinds or name.endswith("." + gvk["kind"]):
                    kinds[key] = name
    bundle = {"kubernetesVersion": minor, "source": source, "kinds": kinds, "schemas": schemas}
    raw = json.dumps(bundle, sort_keys=True, separators=(",", ":")).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    with open(target, "wb") as f:
        f.write(buf.getvalue())
    enums = raw.count(b'"enum":')
    print(f"{target}: Kubernetes {minor}, {len(kinds)} kinds, {len(schemas)} schemas, {enums} enums, "
          f"{len(raw)} bytes JSON, {len(buf.getvalue())} bytes gzip")


if __name__ == "__main__":
    main()
