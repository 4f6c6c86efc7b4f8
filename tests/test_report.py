"""The after-action report (`dushanbe report`, play/report.py, ui/report.py): one page that holds each part."""

import base64
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN = os.path.join("tests", "golden", "denov_relief_column_seed14.json")


def dushanbe(*args):
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=ROOT, timeout=180)


def test_the_report_holds_the_course_the_moments_the_points_and_the_whole_log(tmp_path):
    from game.core.rules import victory
    from game.play.replaybook import ReplayBook
    from game.play.report import moments

    out = tmp_path / "relief.html"
    done = dushanbe("report", GOLDEN, "--out", str(out))
    assert done.returncode == 0 and "warning" not in done.stderr, done.stderr  # it replays as recorded
    text = out.read_text(encoding="utf-8")
    book = ReplayBook(os.path.join(ROOT, GOLDEN))
    final = book.frames[-1].state
    for part in ("course", "moments", "points", "log"):
        assert f'<section id="{part}">' in text
    course = text.split('<section id="course">')[1].split("</section>")[0]
    images = re.findall(r"src='data:image/png;base64,([^']+)'", course)
    assert len(images) == 5 and all(base64.b64decode(i)[:8] == b"\x89PNG\r\n\x1a\n" for i in images)
    shown = text.split('<section id="moments">')[1].split("</section>")[0]
    assert shown.count("<figure>") == len(moments(book)) >= 2 and "The end" in shown
    assert "Dushanbe taken" in shown or "bloodiest" in shown
    points = text.split('<section id="points">')[1]
    for score in victory.breakdown(final):
        assert score.what.replace("—", "&#x2014;") in points or score.what in points
    lines = [line.text for frame in book.frames for line in frame.lines if line.read_by("")]
    assert text.count("<li>") == len(lines) and "The Basmachi" in text
    for m in moments(book):  # each moment dated as the log dates its turn (the bloodiest read a turn late)
        fights = [line.text for line in book.frames[m.index].lines if "attack" in line.text]
        if m.title.startswith("The bloodiest"):
            date = re.search(r"<figcaption>([^:<]*): The bloodiest", text).group(1)
            assert fights and all(line.startswith(date + ":") for line in fights), (date, fights[:1])


def test_a_bad_replay_or_an_unwritable_place_is_one_message_and_exit_status_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    done = dushanbe("report", str(bad), "--out", str(tmp_path / "r.html"))
    assert done.returncode == 2 and str(bad) in done.stderr and "Traceback" not in done.stderr
    file_in_the_way = tmp_path / "file"
    file_in_the_way.write_text("x", encoding="utf-8")
    done = dushanbe("report", GOLDEN, "--out", str(file_in_the_way / "r.html"))
    assert done.returncode == 2 and str(file_in_the_way) in done.stderr and "Traceback" not in done.stderr


def test_a_replay_out_of_sync_is_reported_with_a_warning_naming_its_first_turn(tmp_path):
    """A record whose digest a turn no longer matches was reported without a word: the page shows the game played
    again, not the one recorded."""
    import json

    data = json.loads(open(os.path.join(ROOT, GOLDEN), encoding="utf-8").read())
    data["turns"][3]["digest"] = "0" * 64
    data["scenario"]["path"] = os.path.join(ROOT, "scenarios", "denov_relief_column.yaml")
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(data), encoding="utf-8")
    done = dushanbe("report", str(tampered), "--out", str(tmp_path / "r.html"))
    assert done.returncode == 0 and "warning:" in done.stderr and "from turn 3 the game played again differs" in done.stderr
