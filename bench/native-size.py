#!/usr/bin/env python3
"""Where a Native AOT binary's bytes go, per assembly (issue #47).

Reads the ILC map of a publish made with -p:IlcGenerateMapFile=true (obj/.../native/<name>.map.xml) and the compiler's
response file next to it (<name>.ilc.rsp, for the assembly names), and attributes every object node (method code, GC
info, type structures, statics, frozen data) to the assembly whose mangled name starts it: `AWSSDK_Core_...`,
`S_P_CoreLib_...` (System.Private.CoreLib). A generic instantiation counts for the assembly of its generic definition
(`List<AmazonThing>` is CoreLib's); the "in instantiations" column adds, per assembly, the nodes of other assemblies'
generics instantiated over its types (counted there too, so that column does not add up). Nodes named after no assembly (the metadata blob, the runtime's own maps) are
"(shared)". Also counts, per assembly, the types with GC statics: the NativeAOT runtime allocates one object per such
type at every start (StartupCodeHelpers.InitializeStatics), the part of start-up that grows with what is linked in.

    bench/native-size.py MAP.xml [--top 25] [--markdown]
"""
import argparse
import collections
import os
import re
import xml.etree.ElementTree as ET

PREFIXES = ("__GCSTATICS", "__NONGCSTATICS", "__THREADSTATICS", "__writableData", "__GenericDict", "__GenericLookup",
            "__UnboxingStub_", "__fatpointer_", "__InterfaceDispatchMap_", "__SealedVTable_", "__DispatchMap_",
            "__GCStaticEEType_", "__Str_", "__FrozenObj_", "__RuntimeFieldHandle_", "__RuntimeMethodHandle_")
SPECIAL = {"S_P_CoreLib": "System.Private.CoreLib", "S_P_Reflection_Execution": "System.Private.Reflection.Execution",
           "S_P_TypeLoader": "System.Private.TypeLoader", "S_P_StackTraceMetadata": "System.Private.StackTraceMetadata",
           "S_P_Interop": "System.Private.Interop", "S_P_Xml": "System.Private.Xml", "S_P_Uri": "System.Private.Uri"}


def assemblies(rsp):
    names = set(SPECIAL.values())
    with open(rsp, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            path = line[3:] if line.startswith("-r:") else line
            if path.endswith(".dll"):
                names.add(os.path.basename(path)[:-4])
    return names


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("map")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    rsp = re.sub(r"\.map\.xml$", ".ilc.rsp", args.map)
    by_prefix = {}
    for name in assemblies(rsp):
        by_prefix[name.replace(".", "_").replace("-", "_") + "_"] = name
    for short, name in SPECIAL.items():
        by_prefix[short + "_"] = name
    ordered = sorted(by_prefix, key=len, reverse=True)
    cache = {}

    def owner(node_name):
        name = node_name
        for p in PREFIXES:
            if name.startswith(p):
                name = name[len(p):]
                break
        name = re.sub(r"^_ZTV\d+", "", name).lstrip("_")
        if name.startswith("Boxed_"):
            name = name[len("Boxed_"):]
        head = name[:80]
        if head in cache:
            return cache[head]
        found = next((by_prefix[p] for p in ordered if name.startswith(p)), "(shared)")
        cache[head] = found
        return found

    size = collections.Counter()
    statics = collections.Counter()
    methods = collections.Counter()
    instantiated = collections.Counter()
    mention = re.compile("[<,]_?(" + "|".join(re.escape(p) for p in ordered) + ")")
    for _, element in ET.iterparse(args.map):
        length = element.get("Length")
        if length is None:
            continue
        who = owner(element.get("Name", ""))
        size[who] += int(length)
        if element.tag == "GCStatics":
            statics[who] += 1
        elif element.tag == "MethodCode":
            methods[who] += 1
        if "<" in element.get("Name", ""):
            for other in {by_prefix[m.group(1)] for m in mention.finditer(element.get("Name"))} - {who}:
                instantiated[other] += int(length)
        element.clear()
    total = sum(size.values())
    rows = size.most_common(args.top)
    rest = total - sum(v for _, v in rows)
    if args.markdown:
        print("| assembly | bytes | share | methods | types with GC statics | in instantiations |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, value in rows:
            print(f"| {name} | {value:,} | {100 * value / total:.1f} % | {methods[name]:,} | {statics[name]:,} | {instantiated[name]:,} |")
        print(f"| (the rest) | {rest:,} | {100 * rest / total:.1f} % | | | |")
        print(f"| **all nodes** | **{total:,}** | | **{sum(methods.values()):,}** | **{sum(statics.values()):,}** | |")
    else:
        for name, value in rows:
            print(f"{value:>12,} {100 * value / total:5.1f}% {methods[name]:>7,} {statics[name]:>6,} {instantiated[name]:>10,}  {name}")
        print(f"{rest:>12,} {100 * rest / total:5.1f}%  (the rest)")
        print(f"{total:>12,}  all nodes; {sum(statics.values()):,} types with GC statics")


if __name__ == "__main__":
    main()
