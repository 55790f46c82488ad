"""python/imbfast/_core.pyi against the compiled module: the same public names both
ways, and for every function, method and constructor the same overloads with the
same parameter names, kinds (keyword-only) and presence of defaults as pybind11
reports in the signatures it writes into ``__doc__``. Types are not compared: their
spelling depends on the pybind11 version."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from imbfast import _core

STUB = Path(__file__).resolve().parents[1] / "python" / "imbfast" / "_core.pyi"


def _split_top_level(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += ch in "[("
        depth -= ch in "])"
        if ch == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += ch
    if current.strip():
        parts.append(current.strip())
    return parts


def _doc_signatures(name: str, obj) -> set[tuple]:
    """{(param, kw_only, has_default), ...} per overload, from pybind11's docstring."""
    sigs = set()
    pattern = re.compile(r"^(?:\d+\. )?" + re.escape(name) + r"\((.*)\) -> .*$")
    for line in (obj.__doc__ or "").splitlines():
        m = pattern.match(line)
        if m is None or m.group(1) == "*args, **kwargs":
            continue
        params, kw_only = [], False
        for part in _split_top_level(m.group(1)):
            if part == "*":
                kw_only = True
                continue
            pname = part.split(":", 1)[0].strip()
            if pname == "self":
                continue
            params.append((pname, kw_only, " = " in part))
        sigs.add(tuple(params))
    return sigs


def _stub_signature(fn: ast.FunctionDef) -> tuple:
    a = fn.args
    pos = a.posonlyargs + a.args
    defaults = [False] * (len(pos) - len(a.defaults)) + [True] * len(a.defaults)
    params = [(p.arg, False, d) for p, d in zip(pos, defaults) if p.arg != "self"]
    params += [
        (p.arg, True, d is not None) for p, d in zip(a.kwonlyargs, a.kw_defaults)
    ]
    return tuple(params)


def _stub():
    tree = ast.parse(STUB.read_text())
    functions: dict[str, set] = {}
    classes: dict[str, dict] = {}
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            names.add(node.name)
            functions.setdefault(node.name, set()).add(_stub_signature(node))
        elif isinstance(node, ast.ClassDef):
            names.add(node.name)
            members: dict[str, set] = {}
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    is_property = any(
                        isinstance(d, ast.Name) and d.id == "property"
                        for d in item.decorator_list
                    )
                    members.setdefault(item.name, set()).add(
                        "property" if is_property else _stub_signature(item)
                    )
            classes[node.name] = members
        elif isinstance(node, ast.AnnAssign):
            names.add(node.target.id)
    return names, functions, classes


def _module_names() -> set[str]:
    return {n for n in dir(_core) if not n.startswith("__")}


def test_stub_names_match_the_module():
    names, _, _ = _stub()
    assert names == _module_names()


@pytest.mark.parametrize(
    "name",
    sorted(
        n
        for n in _module_names()
        if callable(getattr(_core, n)) and not isinstance(getattr(_core, n), type)
    ),
)
def test_function_signatures_match(name):
    _, functions, _ = _stub()
    assert functions[name] == _doc_signatures(name, getattr(_core, name))


@pytest.mark.parametrize("cls", ["KDTree32", "KDTree64"])
def test_class_members_match(cls):
    _, _, classes = _stub()
    members = classes[cls]
    klass = getattr(_core, cls)
    public = {n for n in vars(klass) if not n.startswith("_")} | {"__init__"}
    assert set(members) == public
    for name, sigs in members.items():
        attr = vars(klass)[name]
        if isinstance(attr, property):
            assert sigs == {"property"}
        else:
            assert sigs == _doc_signatures(name, attr)
