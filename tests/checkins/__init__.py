import json
from pathlib import Path

HARBOUR_SCALE = Path(__file__).with_name("harbour_scale.json")


def harbour_scale() -> dict:
    """The made-up instrument of these tests, as decoded JSON (a fresh copy each time)."""
    return json.loads(HARBOUR_SCALE.read_text(encoding="utf-8"))
