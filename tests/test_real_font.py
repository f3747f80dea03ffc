"""The substitute font against the real TH SarabunPSK: the same lines, pages and heights.

Needs the real fonts in ../shared/fonts (not part of the project); skipped elsewhere.
"""
from __future__ import annotations

import shutil

import pytest

from generator.build.pipeline import build
from generator.pdf import fonts
from tests.conftest import REAL_FONTS, make_tree, pdf_lines

LETTERS = ("2567/e-laas-circular", "2567/budget-request", "2568/thanks-draft",
           "2568/memo-training", "2568/stamped-data-request", "2568/certificate-employment")
# Orders, announcements, regulations, by-laws and minutes (issue 3b).
LETTERS += ("2568/order-flood-committee", "2568/announcement-job-applications",
            "2568/regulation-official-vehicles", "2568/bylaw-women-fund-meetings", "2568/minutes-district-heads-1")

pytestmark = pytest.mark.skipif(not (REAL_FONTS / "THSarabun.ttf").is_file(),
                                reason=f"the real TH SarabunPSK is not in {REAL_FONTS} (the project does not ship it)")


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    root = tmp_path_factory.mktemp("real")
    own_fonts = root / "fonts-src"
    own_fonts.mkdir()
    for ttf in REAL_FONTS.glob("THSarabun*.ttf"):
        if "IT9" not in ttf.name:
            shutil.copy(ttf, own_fonts / ttf.name)
    tree = make_tree(root, fonts=own_fonts)
    out = root / "out"
    summary = build([tree], out, engine="libreoffice")
    assert summary.ok, [p for r in summary.results for p in r.errors]
    return out


@pytest.mark.parametrize("letter", LETTERS)
def test_real_font_is_used_when_supplied(real, letter):
    used = fonts.text_fonts(real / f"{letter}.pdf")
    assert used and all(fonts.normalise_font_name(name) == "thsarabunpsk" for name in used), used


@pytest.mark.parametrize("letter", LETTERS)
def test_substitute_breaks_lines_and_pages_like_the_real_font(built, real, letter):
    with_real = pdf_lines(real / f"{letter}.pdf")
    with_substitute = pdf_lines(built.pdf(letter))
    assert [(l.page, l.text) for l in with_substitute] == [(l.page, l.text) for l in with_real]
    for sub, ref in zip(with_substitute, with_real):
        assert sub.baseline == pytest.approx(ref.baseline, abs=0.5), sub.text
        assert sub.x0 == pytest.approx(ref.x0, abs=1.0), sub.text
        assert sub.x1 == pytest.approx(ref.x1, abs=5.0), sub.text
