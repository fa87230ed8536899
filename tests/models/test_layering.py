"""models/ is plain Python over SQLAlchemy: no module under it reaches for the web layer.

Both checks walk the whole folder, so a new module is covered the day it is added. The
static check reads every import statement (also one inside a function); the runtime check
imports every module and looks at what came along (jinja2 for reports is fine, Flask is not).
Inside models/, the sub-packages are layered: the tables know nothing else of the desk,
and the read side never calls a service.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

MODELS = Path(__file__).resolve().parents[2] / "models"
FORBIDDEN = {"flask", "wtforms", "webapp"}  # and any flask_* extension
FILES = sorted(MODELS.rglob("*.py"))


def _module(path: Path) -> str:
    parts = path.relative_to(MODELS.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[str]:
    """Return the absolute name of every module `path` imports, wherever the import is."""
    package = _module(path) if path.name == "__init__.py" else _module(path).rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([module] if module else [])])
            # `from . import accounts` imports the module its name says
            found.extend([module, *(f"{module}.{alias.name}" for alias in node.names)])
    return found


def _web(module: str) -> bool:
    top = module.split(".")[0]
    return top in FORBIDDEN or top.startswith("flask_")


def test_the_walk_finds_every_sub_package() -> None:
    modules = {_module(path) for path in FILES}
    assert {"models.tables", "models.services", "models.read", "models.text"} <= modules
    assert {"models.reports", "models.reports.export", "models.read.claims"} <= modules


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(MODELS)))
def test_no_module_under_models_imports_the_web_layer(path: Path) -> None:
    bad = sorted({name for name in _imports(path) if _web(name)})
    assert not bad, f"models/{path.relative_to(MODELS)} imports {', '.join(bad)}"


# sub-package: the packages its modules must not import
LAYERS = {
    "tables": ("models.services", "models.read", "models.reports", "models.permissions"),
    "text": ("models.services", "models.read", "models.reports"),
    "read": ("models.services", "models.reports"),
    "services": ("models.reports",),
}


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_each_sub_package_keeps_to_its_layer(layer: str) -> None:
    bad = [
        f"{path.relative_to(MODELS)} imports {name}"
        for path in FILES
        if path.relative_to(MODELS).parts[0] == layer
        for name in _imports(path)
        if name.startswith(LAYERS[layer])
    ]
    assert not bad, "\n".join(bad)


def test_importing_every_module_under_models_loads_no_web_package() -> None:
    names = sorted({_module(path) for path in FILES})
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {sorted(FORBIDDEN)!r}"
        " or m.startswith('flask_')]\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=MODELS.parent
    )
    assert result.returncode == 0, result.stdout + result.stderr
