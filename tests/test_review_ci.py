"""The pull-request workflows: every step is a make target or a script of the repo, and those run here:
`make review` on a temporary git repository, the comment poster against a fake GitHub on localhost."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.helpers_input import REPO
from tests.test_review import make_repo

WORKFLOWS = REPO / ".github" / "workflows"
POSTER = REPO / "scripts" / "post-review-comment.py"
MARKER = "<!-- saraban-review -->"
HEAD_SHA = "a" * 40


def workflow(name: str) -> dict:
    return YAML(typ="safe").load((WORKFLOWS / name).read_text(encoding="utf-8"))


def make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][\w-]*):", (REPO / "Makefile").read_text(encoding="utf-8"), re.MULTILINE))


# ----------------------------------------------------------------- the workflows

@pytest.mark.parametrize("name", ["review.yml", "review-comment.yml"])
def test_every_step_is_a_make_target_a_repo_script_or_a_pinned_action(name):
    for step in workflow(name)["jobs"][next(iter(workflow(name)["jobs"]))]["steps"]:
        if "uses" in step:
            assert re.fullmatch(r"actions/(checkout|upload-artifact|download-artifact)@v\d+", step["uses"])
            continue
        command = step["run"].split()
        if command[0] == "make":
            assert command[1] in make_targets(), step
        else:
            assert command[0] == "python3" and (REPO / command[1]).is_file(), step


def test_the_pull_request_workflow_has_no_secrets_and_a_read_only_token():
    text = (WORKFLOWS / "review.yml").read_text(encoding="utf-8")
    review = workflow("review.yml")
    assert "secrets." not in text
    assert review["permissions"] == {"contents": "read"}
    assert list(review["on"]) == ["pull_request"]
    runs = [s.get("run") for s in review["jobs"]["review"]["steps"]]
    assert runs[1:5] == ["make setup", "make check-github", "make letters", "make review"]
    uploads = {s["with"]["name"]: s["with"]["path"] for s in review["jobs"]["review"]["steps"]
               if s.get("uses", "").startswith("actions/upload-artifact")}
    assert uploads == {"letters": "out/", "review": "review/"}


def test_the_comment_workflow_runs_trusted_code_after_the_review():
    comment = workflow("review-comment.yml")
    assert comment["on"] == {"workflow_run": {"workflows": ["review"], "types": ["completed"]}}
    assert comment["permissions"]["pull-requests"] == "write"
    steps = comment["jobs"]["comment"]["steps"]
    assert "ref" not in steps[0].get("with", {})                  # the default branch, not the PR's code
    assert steps[1]["with"]["run-id"] == "${{ github.event.workflow_run.id }}"
    assert steps[2]["env"]["REVIEW_HEAD_SHA"] == "${{ github.event.workflow_run.head_sha }}"


def test_make_review_writes_the_review_and_the_pull_request_number(tmp_path):
    if shutil.which("make") is None or (shutil.which("soffice") is None and shutil.which("libreoffice") is None):
        pytest.skip("make or LibreOffice is missing")
    repo = make_repo(tmp_path)
    shutil.copy(REPO / "Makefile", repo / "Makefile")
    done = subprocess.run(["make", "-o", "setup", "review", f"PY={sys.executable}", "BASE=main", "PR_NUMBER=42",
                           "SARABAN_ENGINE=libreoffice"], cwd=repo, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (repo / "review" / "pr-number").read_text().strip() == "42"
    assert "| added |" in (repo / "review" / "review.md").read_text(encoding="utf-8")


# ----------------------------------------------------------------- the comment poster

class FakeGitHub(BaseHTTPRequestHandler):
    """Pull request 7 of owner/letters, its comments, and every request made."""

    comments: list[dict] = []
    requests: list[tuple[str, str, dict | None]] = []
    head = HEAD_SHA

    def _reply(self, status: int, body) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _record(self) -> dict | None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        assert self.headers["Authorization"] == "Bearer test-token"
        self.requests.append((self.command, self.path, body))
        return body

    def do_GET(self):
        self._record()
        if self.path == "/repos/owner/letters/pulls/7":
            return self._reply(200, {"number": 7, "head": {"sha": self.head}})
        if self.path.startswith("/repos/owner/letters/issues/7/comments"):
            page = int(re.search(r"[?&]page=(\d+)", self.path)[1])
            return self._reply(200, self.comments[(page - 1) * 100:page * 100])
        self._reply(404, {"message": "Not Found"})

    def do_POST(self):
        body = self._record()
        comment = {"id": 1000 + len(self.comments), "body": body["body"]}
        self.comments.append(comment)
        self._reply(201, comment)

    def do_PATCH(self):
        body = self._record()
        number = int(self.path.rsplit("/", 1)[1])
        comment = next(c for c in self.comments if c["id"] == number)
        comment["body"] = body["body"]
        self._reply(200, comment)

    def log_message(self, *args):
        pass


@pytest.fixture
def github():
    FakeGitHub.comments = [{"id": 1, "body": "LGTM"}] + [{"id": 2 + i, "body": "chatter"} for i in range(120)]
    FakeGitHub.requests = []
    FakeGitHub.head = HEAD_SHA
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeGitHub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def review_folder(root: Path, text: str, number: str = "7") -> Path:
    folder = root / "review"
    folder.mkdir(exist_ok=True)
    (folder / "review.md").write_text(text, encoding="utf-8")
    (folder / "pr-number").write_text(number + "\n")
    return folder


def post(folder: Path, api: str, head: str = HEAD_SHA) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "GITHUB_TOKEN": "test-token", "GITHUB_REPOSITORY": "owner/letters",
           "GITHUB_API_URL": api, "REVIEW_HEAD_SHA": head, "REVIEW_RUN_URL": "https://example.org/run/1"}
    return subprocess.run([sys.executable, str(POSTER), str(folder)], env=env, capture_output=True, text=True, timeout=60)


REVIEW_MD = ('## Letters\n\n| letter | output |\n|---|---|\n| `letters/a.yaml` | changed |\n\n'
             '| 1 | <a href="letters/a/page-1-difference.png"><img src="letters/a/page-1-difference.png" width="180"></a> |\n')


def test_the_poster_creates_one_comment_then_updates_it(github, tmp_path):
    folder = review_folder(tmp_path, REVIEW_MD)
    first = post(folder, github)
    assert first.returncode == 0, first.stderr
    assert "created" in first.stdout
    ours = [c for c in FakeGitHub.comments if MARKER in c["body"]]
    assert len(ours) == 1
    body = ours[0]["body"]
    assert "| `letters/a.yaml` | changed |" in body
    assert "`page-1-difference.png`" in body and "<img" not in body       # pictures live in the artifact
    assert "https://example.org/run/1" in body
    (folder / "review.md").write_text(REVIEW_MD.replace("changed", "added"), encoding="utf-8")
    second = post(folder, github)
    assert second.returncode == 0 and "updated" in second.stdout
    ours = [c for c in FakeGitHub.comments if MARKER in c["body"]]
    assert len(ours) == 1 and "| `letters/a.yaml` | added |" in ours[0]["body"]
    assert [m for m, p, _ in FakeGitHub.requests].count("POST") == 1
    assert ("GET", "/repos/owner/letters/issues/7/comments?per_page=100&page=2", None) in FakeGitHub.requests


def test_the_poster_refuses_a_pull_request_at_another_commit(github, tmp_path):
    FakeGitHub.head = "b" * 40                     # the artifact names PR 7, but PR 7 is not what was reviewed
    result = post(review_folder(tmp_path, REVIEW_MD), github)
    assert result.returncode == 0 and "skipped" in result.stdout and "not at the reviewed" in result.stdout
    assert not [r for r in FakeGitHub.requests if r[0] in ("POST", "PATCH")]


def test_the_poster_refuses_a_number_that_is_not_one(github, tmp_path):
    result = post(review_folder(tmp_path, REVIEW_MD, number="7/../../pulls/8"), github)
    assert result.returncode == 1 and "not a pull-request number" in result.stderr
    assert FakeGitHub.requests == []


def test_a_long_review_is_cut_to_fit_a_comment(github, tmp_path):
    result = post(review_folder(tmp_path, "x" * 100_000), github)
    assert result.returncode == 0
    body = next(c["body"] for c in FakeGitHub.comments if MARKER in c["body"])
    assert len(body) <= 65_536 and "cut: the whole review.md is in the artifact" in body


def test_without_a_review_md_the_comment_says_the_review_failed(github, tmp_path):
    folder = review_folder(tmp_path, "")
    (folder / "review.md").unlink()
    assert post(folder, github).returncode == 0
    body = next(c["body"] for c in FakeGitHub.comments if MARKER in c["body"])
    assert "could not be made" in body and "https://example.org/run/1" in body
