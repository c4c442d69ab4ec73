"""One base for every path in every output (the git top level, else the configuration's folder, else
the working directory), git selections that do not lose files, and a discovery that never loses the
run (ci-review F3–F6, F11, F21–F24)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

from test_ci import MAILBOX, QUALITY, git_repo, run

GIT = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t"]


def _json(result) -> dict:
    return json.loads(result.stdout)


def test_paths_and_fingerprints_do_not_depend_on_the_working_directory(tmp_path):
    repo = git_repo(tmp_path / "repo", {"modelle/a.bpmn": MAILBOX})
    (repo / "prozess.toml").write_text('paths = ["modelle"]\n', encoding="utf-8")
    top = _json(run("check", "-f", "json", "--fail-on", "never", cwd=repo))
    sub = _json(run("check", "-f", "json", "--fail-on", "never", cwd=repo / "modelle"))
    given = _json(run("check", str(repo / "modelle" / "a.bpmn"), "-f", "json", "--fail-on", "never", cwd=tmp_path))
    assert [f["path"] for f in top["files"]] == [f["path"] for f in sub["files"]] == ["modelle/a.bpmn"]
    assert {f["fingerprint"] for f in top["findings"]} == {f["fingerprint"] for f in sub["findings"]}
    # outside any repository and configuration the base is the working directory
    assert given["files"][0]["path"] == "repo/modelle/a.bpmn"
    baseline = repo / "baseline.json"
    run("check", "--write-baseline", str(baseline), cwd=repo)
    again = run("check", "--baseline", str(baseline), "--fail-on", "info", "-f", "json", cwd=repo / "modelle")
    assert again.exit_code == 0 and _json(again)["summary"]["baseline_fixed"] == 0


def test_exclude_works_from_a_subdirectory(tmp_path):
    repo = git_repo(tmp_path / "repo", {"modelle/a.bpmn": MAILBOX, "modelle/archiv/alt.bpmn": QUALITY})
    (repo / "prozess.toml").write_text('paths = ["modelle"]\nexclude = ["modelle/archiv/*"]\n', encoding="utf-8")
    for where in (repo, repo / "modelle", repo / "modelle" / "archiv"):
        report = _json(run("check", "-f", "json", "--fail-on", "never", cwd=where))
        assert [f["path"] for f in report["files"]] == ["modelle/a.bpmn"], where


def test_sarif_of_a_file_outside_the_root_has_an_absolute_uri(tmp_path):
    repo = git_repo(tmp_path / "repo", {"a.bpmn": MAILBOX})
    outside = tmp_path / "extern" / "b.bpmn"
    outside.parent.mkdir()
    shutil.copy(MAILBOX, outside)
    sarif = json.loads(run("check", "a.bpmn", str(outside), "-f", "sarif", cwd=repo).stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"].get("uriBaseId", "-") + " " +
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert any(u.startswith("%SRCROOT% a.bpmn") for u in uris)
    assert any(u.startswith("- file:///") and u.endswith("extern/b.bpmn") for u in uris)


def test_changed_since_sees_umlauts_untracked_files_from_a_subdirectory_and_refuses_options(tmp_path):
    repo = git_repo(tmp_path / "repo", {"modelle/alt.bpmn": MAILBOX})
    shutil.copy(QUALITY, repo / "modelle" / "Anträge Wohngeld.bpmn")  # untracked, with an umlaut and a space
    subprocess.run(GIT + ["add", "-A"], cwd=repo, check=True)
    subprocess.run(GIT + ["commit", "-qm", "neu"], cwd=repo, check=True)
    (repo / "modelle" / "Anträge Wohngeld.bpmn").write_bytes(QUALITY.read_bytes() + b"\n")  # changed since HEAD
    shutil.copy(QUALITY, repo / "modelle" / "ungetrackt.bpmn")
    report = _json(run("check", ".", "-f", "json", "--changed-since", "HEAD", "--fail-on", "never", cwd=repo / "modelle"))
    assert sorted(f["path"] for f in report["files"]) == ["modelle/Anträge Wohngeld.bpmn", "modelle/ungetrackt.bpmn"]
    marker = tmp_path / "injected.txt"
    result = run("check", ".", "--changed-since", f"--output={marker}", cwd=repo)
    assert result.exit_code == 2 and not marker.exists()
    result = run("check", ".", "--changed-since", "gibt-es-nicht", cwd=repo)
    assert result.exit_code == 2 and "no such revision" in result.output


def test_gitignore_and_globs(tmp_path):
    repo = git_repo(tmp_path / "repo", {"modelle/a.bpmn": MAILBOX, "modelle/tief/b.bpmn": MAILBOX})
    (repo / "build").mkdir()
    shutil.copy(QUALITY, repo / "build" / "kopie.bpmn")
    (repo / ".gitignore").write_text("build/\n", encoding="utf-8")
    report = _json(run("check", ".", "-f", "json", "--fail-on", "never", cwd=repo))
    assert sorted(f["path"] for f in report["files"]) == ["modelle/a.bpmn", "modelle/tief/b.bpmn"]
    report = _json(run("check", "modelle/**/*.bpmn", "-f", "json", "--fail-on", "never", cwd=repo))
    assert sorted(f["path"] for f in report["files"]) == ["modelle/a.bpmn", "modelle/tief/b.bpmn"]
    (repo / "prozess.toml").write_text('paths = ["modelle/tief/*.bpmn"]\n', encoding="utf-8")
    report = _json(run("check", "-f", "json", "--fail-on", "never", cwd=repo))
    assert [f["path"] for f in report["files"]] == ["modelle/tief/b.bpmn"]


def test_an_undecodable_name_and_a_symlink_loop_are_one_files_errors(tmp_path):
    folder = tmp_path / "modelle"
    folder.mkdir()
    shutil.copy(MAILBOX, folder / "gut.bpmn")
    shutil.copy(MAILBOX, os.fsdecode(bytes(folder) + b"/Antr\xe4ge.bpmn"))  # Latin-1 bytes in the name
    os.symlink("schleife.bpmn", folder / "schleife.bpmn")
    out = tmp_path / "r.sarif"
    result = run("check", str(folder), str(folder / "schleife.bpmn"), "-f", "json", "-o", "-",
                 "-f", "sarif", "-o", str(out), "--fail-on", "never", cwd=tmp_path)
    report = _json(result)
    files = {f["path"].rsplit("/", 1)[-1]: f for f in report["files"]}
    assert files["gut.bpmn"]["ok"] and files["Antr\\xe4ge.bpmn"]["ok"]  # shown losslessly
    assert not files["schleife.bpmn"]["ok"] and "loop" in files["schleife.bpmn"]["error"]["message"]
    assert result.exit_code == 2  # a named input that leads nowhere is a usage error
    assert json.loads(out.read_text(encoding="utf-8"))["runs"][0]["results"]


def test_the_site_publishes_no_absolute_build_machine_path(tmp_path):
    from prozess.check import Options, check_paths
    from prozess.site.build import SiteOptions, build_site

    repo = git_repo(tmp_path / "repo", {"modelle/a.bpmn": MAILBOX})
    options = Options(base=str(repo))
    html = build_site(check_paths([repo / "modelle"], options), options.rules, SiteOptions(out=tmp_path / "out"))
    for page in [*html.rglob("*.html"), *html.rglob("*.csv"), *html.rglob("*.json"), *(tmp_path / "out" / "history").glob("*.json")]:
        assert str(tmp_path) not in page.read_text(encoding="utf-8"), page.name
    pages = sorted(p.name for p in (html / "prozesse").glob("*.html"))
    moved = tmp_path / "anderswo"
    shutil.copytree(repo, moved)
    again = build_site(check_paths([moved / "modelle"], Options(base=str(moved))), options.rules,
                       SiteOptions(out=tmp_path / "out2"))
    assert sorted(p.name for p in (again / "prozesse").glob("*.html")) == pages  # slugs do not depend on the disk
