"""mypy's strict check covers exactly the pure core that import-linter guards."""

import configparser
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pure_core_modules() -> set[str]:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    return set(config["importlinter:contract:pure-core"]["source_modules"].split())


def mypy_files() -> set[str]:
    files = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]["files"]
    return {file.removesuffix(".py").replace("/", ".") for file in files}


def test_mypy_checks_every_module_of_the_pure_core_and_nothing_else():
    assert pure_core_modules()
    assert mypy_files() == pure_core_modules()


def test_mypy_is_strict():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]

    assert config["strict"] is True
