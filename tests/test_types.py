"""The public functions of services, selectors and permissions are annotated, so the type checker
(mypy, run by `./haven lint` over the modules pyproject.toml lists) checks every call into them.
mypy itself only reports functions annotated in part; this catches one left out altogether."""

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _checked_modules() -> list[str]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]["files"]


def test_the_type_checker_covers_every_service_selector_and_permission_module():
    kinds = ("*services.py", "*selectors.py", "*permissions.py")
    apps = ("accounts", "forum", "conversations", "moderation")
    modules = {
        str(path.relative_to(ROOT)) for app in apps for kind in kinds for path in ROOT.glob(f"{app}/{kind}")
    }
    assert modules - set(_checked_modules()) == set()


def test_every_public_function_there_is_annotated():
    unannotated = []
    for module in _checked_modules():
        for node in ast.parse((ROOT / module).read_text()).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                arguments = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
                if node.returns is None or any(argument.annotation is None for argument in arguments):
                    unannotated.append(f"{module}: {node.name}")
    assert unannotated == []
