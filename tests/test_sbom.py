"""The software bill of materials (`./haven sbom`, run by .ci/run before the tests): every package
requirements.txt pins appears in it with its version."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SBOM = ROOT / "artifacts" / "sbom.cdx.json"


def pinned() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s#]+)", line)
        if match:
            pins[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2)
    return pins


@pytest.mark.skipif(
    not SBOM.exists() or SBOM.stat().st_mtime < (ROOT / "requirements.txt").stat().st_mtime,
    reason="no artifacts/sbom.cdx.json newer than requirements.txt: run ./haven sbom (CI does)",
)
def test_the_sbom_lists_every_pinned_requirement_with_its_version():
    bom = json.loads(SBOM.read_text())
    assert bom["bomFormat"] == "CycloneDX"
    listed = {
        re.sub(r"[-_.]+", "-", component["name"]).lower(): component.get("version")
        for component in bom["components"]
    }
    assert {name: listed.get(name) for name in pinned()} == pinned()
