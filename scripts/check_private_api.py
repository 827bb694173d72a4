"""Fail when the integration touches a private name of Home Assistant.

Run by scripts/lint, with the lint venv's python (it imports the integration and Home
Assistant). What counts as private: a `_name` (not `__dunder__`) that a Home Assistant class
defines or sets on `self`, read, written or overridden by one of our classes through `self`,
`cls` or `super()`; a `_name` reached on another object (`thing._name`) unless our own
classes define it and no Home Assistant class they derive from does; and any `_name` passed
to getattr/setattr/hasattr/delattr as a literal. Home Assistant's documented extension hooks
are allowed (ALLOWED below).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
import importlib
import inspect
from pathlib import Path
import re
import sys
import textwrap

REPO = Path(__file__).resolve().parent.parent
PACKAGE = "custom_components.window_heatpump"
# Hooks Home Assistant's developer documentation tells integrations to implement or call.
ALLOWED_PREFIXES = ("_attr_",)
ALLOWED = frozenset(
    {
        # DataUpdateCoordinator ("Fetching data").
        "_async_update_data",
        "_async_setup",
        # CoordinatorEntity ("Fetching data": react to the coordinator's data).
        "_handle_coordinator_update",
        # Store ("Storage": migrating stored data).
        "_async_migrate_func",
        # ConfigFlow ("Config flow handlers": unique ids, reauthentication, reconfigure).
        "_abort_if_unique_id_configured",
        "_get_reauth_entry",
        "_get_reconfigure_entry",
    }
)
ATTRIBUTE_FUNCTIONS = frozenset({"getattr", "setattr", "hasattr", "delattr"})
PRIVATE = re.compile(r"^_(?!_)\w+$")


@dataclass(frozen=True)
class Finding:
    """One private name touched, where."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        """Return the finding as `file:line: message`."""
        return f"{self.path.relative_to(REPO)}:{self.line}: {self.message}"


def _is_private(name: str) -> bool:
    """Return whether `name` is private and no documented hook."""
    return (
        PRIVATE.match(name) is not None
        and name not in ALLOWED
        and not name.startswith(ALLOWED_PREFIXES)
    )


@cache
def _names_of(cls: type) -> frozenset[str]:
    """Return the private names a Home Assistant class defines or sets on its instances."""
    names = {name for name in vars(cls) if PRIVATE.match(name)}
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except OSError, TypeError:
        return frozenset(names)
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
            and PRIVATE.match(node.attr)
        ):
            names.add(node.attr)
    return frozenset(names)


def _home_assistant_names(cls: type) -> dict[str, str]:
    """Return the private names of the Home Assistant classes `cls` derives from, by owner."""
    owners: dict[str, str] = {}
    for base in cls.__mro__:
        if base.__module__.split(".")[0] != "homeassistant":
            continue
        for name in _names_of(base):
            owners.setdefault(name, f"{base.__module__}.{base.__qualname__}")
    return owners


def _module_name(path: Path) -> str:
    """Return the dotted module name of a file of the package."""
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_super_call(node: ast.expr) -> bool:
    """Return whether `node` is `super()`."""
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"
    )


class _Checker(ast.NodeVisitor):
    """Walk one module and collect what it touches of Home Assistant's private names."""

    def __init__(self, path: Path, module: object, package: _PackageNames) -> None:
        """Check `path`, whose imported module is `module`, in a package with these names."""
        self.path = path
        self.module = module
        self.package = package
        self.findings: list[Finding] = []
        # Home Assistant's private names for the class being walked (innermost last).
        self._scopes: list[dict[str, str]] = []

    def _add(self, node: ast.AST, message: str) -> None:
        self.findings.append(Finding(self.path, getattr(node, "lineno", 0), message))

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        """Check the class body against the private names of its Home Assistant bases."""
        cls = getattr(self.module, node.name, None)
        owners = _home_assistant_names(cls) if isinstance(cls, type) else {}
        for statement in node.body:
            for name in _defined_names(statement):
                if _is_private(name) and name in owners:
                    self._add(statement, f"overrides {owners[name]}.{name}")
        self._scopes.append(owners)
        self.generic_visit(node)
        self._scopes.pop()

    def visit_Attribute(self, node: ast.Attribute) -> None:
        """Check `x._name`: on self/cls only ours, on super() and anything else never."""
        name = node.attr
        if _is_private(name):
            value = node.value
            if _is_super_call(value):
                self._add(node, f"super().{name}: a private name of a base class")
            elif isinstance(value, ast.Name) and value.id in {"self", "cls"}:
                owners = self._scopes[-1] if self._scopes else {}
                if name in owners:
                    self._add(node, f"{value.id}.{name} is private to {owners[name]}")
            elif name in self.package.home_assistant or name not in self.package.ours:
                self._add(node, f"{ast.unparse(node)}: a private name of another object")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        """Check getattr/setattr/hasattr/delattr with a private literal name."""
        if (
            isinstance(node.func, ast.Name)
            and node.func.id in ATTRIBUTE_FUNCTIONS
            and len(node.args) >= 2  # noqa: PLR2004 - (object, name, ...)
            and isinstance(name := node.args[1], ast.Constant)
            and isinstance(name.value, str)
            and _is_private(name.value)
        ):
            self._add(node, f"{node.func.id}(..., {name.value!r}): a private name by string")
        self.generic_visit(node)


def _defined_names(statement: ast.stmt) -> Iterator[str]:
    """Return the names a class-body statement defines."""
    if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        yield statement.name
    elif isinstance(statement, ast.Assign):
        for target in statement.targets:
            if isinstance(target, ast.Name):
                yield target.id
    elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        yield statement.target.id


@dataclass(frozen=True)
class _PackageNames:
    """The private names our classes define, and those of the Home Assistant classes they use."""

    ours: frozenset[str]
    home_assistant: frozenset[str]


def _package_names(modules: Mapping[Path, tuple[object, ast.Module]]) -> _PackageNames:
    """Return the private names the package's classes define and derive from Home Assistant."""
    ours: set[str] = set()
    home_assistant: set[str] = set()
    for module, tree in modules.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for statement in node.body:
                    ours.update(_defined_names(statement))
                if isinstance(cls := getattr(module, node.name, None), type):
                    home_assistant.update(_home_assistant_names(cls))
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.ctx, ast.Store)
                and isinstance(node.value, ast.Name)
                and node.value.id == "self"
            ):
                ours.add(node.attr)
    return _PackageNames(frozenset(ours), frozenset(home_assistant))


def check(package: Path) -> list[Finding]:
    """Return every private Home Assistant name the package touches."""
    sys.path.insert(0, str(REPO))
    modules = {
        path: (importlib.import_module(_module_name(path)), ast.parse(path.read_text(), str(path)))
        for path in sorted(package.rglob("*.py"))
    }
    names = _package_names(modules)
    findings: list[Finding] = []
    for path, (module, tree) in modules.items():
        checker = _Checker(path, module, names)
        checker.visit(tree)
        findings.extend(checker.findings)
    return findings


def main() -> int:
    """Print what the integration touches of Home Assistant's private names; 1 if anything."""
    findings = check(REPO / "custom_components" / "window_heatpump")
    for finding in findings:
        print(finding)
    if findings:
        print(f"{len(findings)} use(s) of private Home Assistant names (see the module docstring)")
        return 1
    print("no private Home Assistant name used")
    return 0


if __name__ == "__main__":
    sys.exit(main())
