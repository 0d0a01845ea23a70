"""The apps depend on each other one way only, and `make lint` says so when one does not."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ["newsblog", "transfer", "comments", "pages | articles", "images", "pagecache", "core"]
PACKAGES = [name for layer in LAYERS for name in layer.split(" | ")]
LINT_IMPORTS = [Path(sys.executable).with_name("lint-imports"), "--no-logo", "--no-cache"]


def lint_imports(folder):
    command = [*LINT_IMPORTS, "--contract", "one-way", "pyproject.toml"]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=120)


def copy_of_the_project(tmp_path):
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_layers_are_wiring_transfer_comments_pages_and_articles_images_page_cache_kernel():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["id"] == "one-way"]
    assert (contract["type"], contract["layers"]) == ("layers", LAYERS)


def test_the_project_keeps_the_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_articles_importing_comments_breaks_the_lint(tmp_path):
    project = copy_of_the_project(tmp_path)
    with (project / "articles" / "feeds.py").open("a") as module:
        module.write("\nfrom comments.models import Comment  # noqa\n")
    result = lint_imports(project)
    assert result.returncode != 0
    assert "articles.feeds -> comments.models" in result.stdout


def test_pages_and_articles_importing_each_other_breaks_the_lint(tmp_path):
    project = copy_of_the_project(tmp_path)
    with (project / "pages" / "models.py").open("a") as module:
        module.write("\nfrom articles.models import Article  # noqa\n")
    result = lint_imports(project)
    assert result.returncode != 0
    assert "pages.models -> articles.models" in result.stdout


def test_an_app_importing_the_wiring_breaks_the_lint(tmp_path):
    project = copy_of_the_project(tmp_path)
    with (project / "images" / "uploads.py").open("a") as module:
        module.write("\nfrom newsblog import settings  # noqa\n")
    assert lint_imports(project).returncode != 0


def test_a_removed_contract_breaks_the_lint(tmp_path):
    project = copy_of_the_project(tmp_path)
    config = (project / "pyproject.toml").read_text()
    (project / "pyproject.toml").write_text(config.replace('id = "one-way"', 'id = "other"'))
    assert lint_imports(project).returncode != 0
