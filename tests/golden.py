"""Golden records: the generated SDK of every test spec, committed under tests/golden/<name>/.

`make golden` (`python -m tests.golden`) rewrites them; `tests/test_golden.py` regenerates each
one into a temporary folder and fails with a readable summary when the output differs. The
manifest is left out of a record: it holds a fingerprint of the generator's own code, which
every refactor changes while the SDK stays the same. So is the pristine store under `.sdkgen/`:
a second copy of the same files, named by their hashes.
"""

from __future__ import annotations

import difflib
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.config import Config
from generator.pipeline import generate
from generator.write.manifest import MANIFEST_NAME

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
TEST_SPECS = ROOT / "tests" / "specs"
REAL_SPEC = ROOT.parent / "shared" / "specs" / "autumn-openapi-2.1.0.yml"
UPDATE_COMMAND = "make golden"
BOOKKEEPING = ".sdkgen/"


@dataclass(frozen=True)
class GoldenSpec:
    """A spec, the folder its record lives in, and the names the SDK gets (None: from the
    spec's title, as `sdkgen generate --spec` does)."""

    name: str
    spec: Path
    label: str
    package_name: str | None = None
    module: str | None = None
    client_class: str | None = None

    @property
    def record(self) -> Path:
        return GOLDEN / self.name

    def config(self, output: Path) -> Config:
        return Config(
            spec=self.spec,
            output=output,
            package_name=self.package_name,
            module=self.module,
            client_class=self.client_class,
        )


def golden_specs() -> list[GoldenSpec]:
    """Every spec under tests/specs/, and Autumn's real spec (only where ../shared is)."""
    specs = [
        GoldenSpec(path.stem, path, f"tests/specs/{path.name}")
        for path in sorted(TEST_SPECS.glob("*.yaml"))
    ]
    specs.append(
        GoldenSpec(
            "autumn-real",
            REAL_SPEC,
            "../shared/specs/autumn-openapi-2.1.0.yml",
            package_name="autumn-sdk",
            module="autumn_sdk",
            client_class="Autumn",
        )
    )
    return specs


def generated_tree(spec: GoldenSpec, scratch: Path) -> dict[str, bytes]:
    """The files a fresh generation of `spec` writes, the manifest left out."""
    output = scratch / spec.name
    generate(spec.config(output), spec.label)
    return read_tree(output)


def read_tree(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and path.name != MANIFEST_NAME
        and not path.relative_to(folder).as_posix().startswith(BOOKKEEPING)
    }


def difference(recorded: dict[str, bytes], fresh: dict[str, bytes], context: int = 12) -> str:
    """What changed from the record to the fresh output, for a person: the files added,
    removed and changed, and the first differing lines of each changed file. Empty when equal."""
    added = sorted(fresh.keys() - recorded.keys())
    removed = sorted(recorded.keys() - fresh.keys())
    changed = sorted(p for p in recorded.keys() & fresh.keys() if recorded[p] != fresh[p])
    lines: list[str] = []
    lines += [f"  added:   {path}" for path in added]
    lines += [f"  removed: {path}" for path in removed]
    for path in changed:
        lines.append(f"  changed: {path}")
        diff = difflib.unified_diff(
            recorded[path].decode("utf-8", "replace").splitlines(),
            fresh[path].decode("utf-8", "replace").splitlines(),
            "recorded",
            "generated",
            n=1,
            lineterm="",
        )
        shown = list(diff)[2 : 2 + context]
        lines += [f"      {line}" for line in shown]
    return "\n".join(lines)


def write_record(spec: GoldenSpec, tree: dict[str, bytes]) -> None:
    if spec.record.exists():
        shutil.rmtree(spec.record)
    for path, data in tree.items():
        target = spec.record / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def main() -> int:
    """Rewrite every golden record and say which ones changed."""
    with tempfile.TemporaryDirectory(prefix="sdkgen-golden-") as scratch:
        for spec in golden_specs():
            if not spec.spec.is_file():
                print(f"{spec.name}: skipped, {spec.spec} is not there", file=sys.stderr)
                continue
            fresh = generated_tree(spec, Path(scratch))
            recorded = read_tree(spec.record)
            summary = difference(recorded, fresh)
            write_record(spec, fresh)
            state = "created" if not recorded else "updated" if summary else "unchanged"
            print(f"{spec.name}: {state} ({len(fresh)} files)")
            if recorded and summary:
                print(summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
