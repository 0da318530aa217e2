"""The lock files are what `make` installs: they must agree with what the requirements name."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;#]+)")


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            pins[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2)
    return pins


@pytest.mark.parametrize(
    "requirements, lock",
    [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")],
)
def test_every_named_requirement_is_locked_at_its_pinned_version(requirements, lock):
    named = _pins(ROOT / requirements)
    locked = _pins(ROOT / lock)
    assert named, f"{requirements} pins nothing"
    wrong = {name: (version, locked.get(name)) for name, version in named.items()
             if locked.get(name) != version}
    assert not wrong, f"run `make lock`: {lock} disagrees with {requirements}: {wrong}"


def test_the_dev_lock_installs_the_same_runtime_versions_as_the_site():
    runtime = _pins(ROOT / "requirements.lock")
    dev = _pins(ROOT / "requirements-dev.lock")
    differ = {name: (version, dev.get(name)) for name, version in runtime.items()
              if dev.get(name) != version}
    assert not differ, f"run `make lock`: the two locks disagree on {differ}"


def test_lock_files_name_no_machine_specific_index_or_path():
    for lock in ("requirements.lock", "requirements-dev.lock"):
        text = (ROOT / lock).read_text()
        assert "--find-links" not in text and "file://" not in text, lock
