"""Signals are wired one way in every app: receivers are connected with ``signal.connect(receiver,
sender=..., dispatch_uid=...)`` at the import of the app's ``signals.py``, which its
``AppConfig.ready()`` imports. Read from the source: a connection anywhere else, or a
``@receiver`` decorator, fails here naming the file."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("portal", "coalition", "training", "research", "search")


def _sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _signal_names(tree: ast.Module) -> set[str]:
    """Names this module imports from a signals module (Django's, Wagtail's, allauth's)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[-1] == "signals":
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def _wiring(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    signals = _signal_names(tree)
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "connect"
                and isinstance(node.func.value, ast.Name) and node.func.value.id in signals):
            uid = any(keyword.arg == "dispatch_uid" for keyword in node.keywords)
            found.append(f"{node.func.value.id}.connect at line {node.lineno}" + ("" if uid else " (no dispatch_uid)"))
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(target, ast.Name) and target.id == "receiver":
                    found.append(f"@receiver at line {decorator.lineno}")
    return found


def test_signals_are_connected_only_in_each_apps_signals_module_with_a_dispatch_uid():
    wrong = {}
    for path in _sources():
        wiring = _wiring(path)
        if path.name == "signals.py":  # the place for connections, each with its dispatch_uid
            wiring = [w for w in wiring if "(no dispatch_uid)" in w or w.startswith("@receiver")]
        if wiring:
            wrong[str(path.relative_to(ROOT))] = wiring
    assert not wrong


def test_every_signals_module_is_imported_by_its_app_config():
    for path in _sources():
        if path.name == "signals.py":
            apps_py = path.with_name("apps.py")
            assert apps_py.exists(), path
            package = ".".join(path.parent.relative_to(ROOT).parts)
            text = apps_py.read_text()
            assert re.search(rf"from (\.|{re.escape(package)}) import (\w+, )*signals\b", text), apps_py
