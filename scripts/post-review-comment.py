#!/usr/bin/env python3
"""Post or update the one review comment of a pull request with a review folder's review.md.

Run by .github/workflows/review-comment.yml (on workflow_run, with a token that may write
pull-request comments) on the artifact that the review workflow made from the pull request.
The artifact is the pull request's work, so it is data only: the pull-request number must
be digits, and the pull request's head commit must be the one the review was made of
(REVIEW_HEAD_SHA), so a pull request cannot aim the comment at another one.

Only the GitHub REST API, through urllib and GITHUB_TOKEN; the standard library alone, so it
runs without installing anything.

    GITHUB_TOKEN=… GITHUB_REPOSITORY=owner/name [GITHUB_API_URL=…] [REVIEW_HEAD_SHA=…]
    [REVIEW_RUN_URL=…] post-review-comment.py [REVIEW_DIR]
"""
from __future__ import annotations

import json
import os
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path

MARKER = "<!-- saraban-review -->"
LIMIT = 65_000                       # GitHub refuses comments over 65,536 characters
_THUMB = re.compile(r'<a href="([^"]+)"><img src="[^"]+"[^>]*></a>')


class GitHub:
    def __init__(self, api: str, repository: str, token: str):
        self.base = f"{api.rstrip('/')}/repos/{repository}"
        self.token = token

    def call(self, method: str, path: str, body: dict | None = None):
        request = urllib.request.Request(
            self.base + path, method=method,
            data=None if body is None else json.dumps(body).encode("utf-8"),
            headers={"Authorization": f"Bearer {self.token}", "Accept": "application/vnd.github+json",
                     "X-GitHub-Api-Version": "2022-11-28", "User-Agent": "saraban-review",
                     "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read().decode("utf-8") or "null")

    def find_comment(self, number: int) -> int | None:
        page = 1
        while True:
            comments = self.call("GET", f"/issues/{number}/comments?per_page=100&page={page}")
            for comment in comments:
                if MARKER in (comment.get("body") or ""):
                    return comment["id"]
            if len(comments) < 100:
                return None
            page += 1


def comment_body(review_md: str, run_url: str | None) -> str:
    """review.md for a comment: the pictures are in the artifact, so thumbnails become their names."""
    text = _THUMB.sub(lambda m: f"`{m[1].rsplit('/', 1)[-1]}`", review_md)
    where = f"the `review` artifact of [this run]({run_url})" if run_url else "the run's `review` artifact"
    footer = f"\n---\nPage images and difference images: {where} (ภาพหน้าหนังสือและภาพเปรียบเทียบ).\n"
    if len(text) + len(footer) + len(MARKER) + 1 > LIMIT:
        text = text[:LIMIT - len(footer) - len(MARKER) - 200] + "\n\n… (cut: the whole review.md is in the artifact)\n"
    return f"{MARKER}\n{text}{footer}"


def pull_request_number(folder: Path) -> int:
    raw = (folder / "pr-number").read_text(encoding="utf-8").strip()
    if not re.fullmatch(r"[0-9]{1,9}", raw):
        raise ValueError(f"pr-number is not a pull-request number: {raw[:40]!r}")
    return int(raw)


def post(folder: Path, env: dict[str, str]) -> str:
    """Create or update the comment; returns what was done."""
    github = GitHub(env.get("GITHUB_API_URL", "https://api.github.com"), env["GITHUB_REPOSITORY"],
                    env["GITHUB_TOKEN"])
    number = pull_request_number(folder)
    expected_head = env.get("REVIEW_HEAD_SHA")
    if expected_head:
        head = github.call("GET", f"/pulls/{number}")["head"]["sha"]
        if head != expected_head:          # pushed again meanwhile (its own run will post), or not this PR's review
            return f"skipped: pull request #{number} is at {head[:10]}, not at the reviewed {expected_head[:10]}"
    review = folder / "review.md"
    text = (review.read_text(encoding="utf-8") if review.is_file() else
            "## Letters in this change\n\nThe review could not be made: see the run's log "
            "(ทำภาพเปรียบเทียบไม่สำเร็จ ดูรายละเอียดในบันทึกการทำงาน).\n")
    body = comment_body(text, env.get("REVIEW_RUN_URL"))
    existing = github.find_comment(number)
    if existing is None:
        github.call("POST", f"/issues/{number}/comments", {"body": body})
        return "created"
    github.call("PATCH", f"/issues/comments/{existing}", {"body": body})
    return "updated"


def main(argv: list[str]) -> int:
    folder = Path(argv[1] if len(argv) > 1 else "review")
    missing = [name for name in ("GITHUB_TOKEN", "GITHUB_REPOSITORY") if not os.environ.get(name)]
    if missing:
        print(f"error: {', '.join(missing)} not set", file=sys.stderr)
        return 2
    try:
        done = post(folder, dict(os.environ))
    except (OSError, ValueError, KeyError, urllib.error.URLError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"review comment: {done}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
