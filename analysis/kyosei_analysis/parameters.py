"""docs/parameters.md from scenarios/hagi.yaml, the town with every knob shown.

    /usr/bin/python3 -m kyosei_analysis.parameters scenarios/hagi.yaml > docs/parameters.md
    /usr/bin/python3 -m kyosei_analysis.parameters scenarios/hagi.yaml --check docs/parameters.md KEYS.txt

Each parameter's value comes from the YAML, its unit ([...]), description and source from the
comment beside it (and the comment lines under it). `--check` fails when the page differs from
what the YAML gives, or when a parameter is not a key the loader reads (KEYS.txt: the output of
`kyosei validate --keys scenarios/hagi.yaml`).
"""
from __future__ import annotations

import re
import sys

import yaml

HEADER = """# Parameter reference

Every parameter of the model with its value in the default town (Hagi, April 2018), unit,
symbol (its key), description and source, generated from `scenarios/hagi.yaml` by
`/usr/bin/python3 -m kyosei_analysis.parameters scenarios/hagi.yaml` (PYTHONPATH=analysis). A
test regenerates it and checks every parameter against the keys the loader reads, so this page
cannot drift from the code. Types, ranges and defaults of every key: `docs/scenarios.md`.
"Assumption" marks a model choice awaiting calibration; `parameters.md` rows of
`../shared/data/parameters.md` are named by their source.

| parameter | value | unit | symbol | description and source |
|---|---|---|---|---|
"""


def comments(lines: list[str]) -> dict[str, str]:
    """Key path -> the comment on its line and the comment-only lines that follow it."""
    out: dict[str, str] = {}
    stack: list[tuple[int, str]] = []
    last = None
    for line in lines:
        stripped = line.strip()
        if not stripped:
            last = None
            continue
        indent = len(line) - len(line.lstrip())
        if stripped.startswith("#"):
            if last is not None and indent > last[1]:
                out[last[0]] = (out[last[0]] + " " + stripped.lstrip("# ")).strip()
            continue
        m = re.match(r"(-\s+)?([A-Za-z0-9_.]+):(.*)", stripped)
        if not m or m.group(1):
            last = None
            continue
        while stack and stack[-1][0] >= indent:
            stack.pop()
        path = ".".join([k for _, k in stack] + [m.group(2)])
        rest = m.group(3)
        comment = rest.split("#", 1)[1].strip() if "#" in rest and not rest.strip().startswith(("'", '"')) else ""
        out[path] = comment
        stack.append((indent, m.group(2)))
        last = (path, indent)
    return out


def leaves(node, path: str = ""):
    """(path, value) of every parameter: scalars, and tables (mappings of scalars) as one."""
    if isinstance(node, dict):
        if path and node and all(not isinstance(v, (dict, list)) for v in node.values()) and \
                any(re.match(r"^\d+(-\d+|\+)$", str(k)) for k in node):
            yield path, node
            return
        for k, v in node.items():
            yield from leaves(v, f"{path}.{k}" if path else str(k))
    elif isinstance(node, list):
        if all(not isinstance(v, (dict, list)) for v in node) or all(isinstance(v, list) for v in node):
            yield path, node
            return
        for i, v in enumerate(node):
            yield from leaves(v, f"{path}.{i}")
    else:
        yield path, node


def show(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def generate(path: str) -> str:
    text = open(path, encoding="utf-8").read()
    notes = comments(text.splitlines())
    doc = yaml.safe_load(text)
    rows = []
    for key, value in leaves(doc):
        if key.startswith(("arms", "name", "description")):
            continue
        generic = re.sub(r"\.\d+(?=\.|$)", "", key)
        note = notes.get(generic) or notes.get(key.rsplit(".", 1)[-1], "")
        parent = generic
        while not note and "." in parent:  # a group's comment speaks for its members
            parent = parent.rsplit(".", 1)[0]
            if notes.get(parent):
                note = f"(as `{parent}`) " + notes[parent]
        unit = ""
        m = re.search(r"\[([^\]]+)\]", note)
        if m:
            unit, note = m.group(1), (note[:m.start()] + note[m.end():]).strip()
        cell = lambda s: str(s).replace("|", "\\|")  # noqa: E731
        rows.append(f"| `{key}` | {cell(show(value))} | {cell(unit)} | {key.rsplit('.', 1)[-1]} | {cell(note)} |")
    return HEADER + "\n".join(rows) + "\n"


def main(argv: list[str]) -> int:
    page = generate(argv[1])
    if len(argv) >= 5 and argv[2] == "--check":
        current = open(argv[3], encoding="utf-8").read()
        status = 0
        if current != page:
            print(f"{argv[3]} differs from what {argv[1]} gives: regenerate it", file=sys.stderr)
            status = 1
        known = {re.sub(r"\.\[\]", "", line.split("`")[1]) for line in open(argv[4], encoding="utf-8") if "`" in line}
        for line in page.splitlines():
            if line.startswith("| `"):
                key = re.sub(r"\.\d+(?=\.|$)", "", line.split("`")[1])
                if key not in known:
                    print(f"{key}: not a key the loader reads", file=sys.stderr)
                    status = 1
        return status
    sys.stdout.write(page)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
