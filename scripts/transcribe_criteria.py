#!/usr/bin/env python3
"""Transcribe Annex II of Decision 26/2026/QĐ-TTg into per-set criteria sheets.

Reads the plain-text rendering of the decision (default
/work/shared/reference/qd-26-2026-qd-ttg.txt, or the path in $OCOP_QD26_TEXT or argv[1]) and
writes data/criteria/26-2026-qd-ttg/set-01.json … set-26.json in the format of
docs/criteria-schema.md.

The parser is generic; everything the plain text gets wrong is fixed in OVERRIDES below, one
entry per doubt, each with the note that ends up in the sheet's `transcript_notes`. Re-running
the script reproduces the committed files byte for byte.

Usage: python3 scripts/transcribe_criteria.py [path/to/qd-26-2026-qd-ttg.txt]
Python 3.11, standard library only.
"""

from __future__ import annotations

import collections
import json
import os
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = Path("/work/shared/reference/qd-26-2026-qd-ttg.txt")
OUT_DIR = ROOT / "data" / "criteria" / "26-2026-qd-ttg"
BASIS = "26/2026/QĐ-TTg"

PART_TITLES = {
    "A": "SẢN PHẨM VÀ SỨC MẠNH CỦA CỘNG ĐỒNG",
    "B": "KHẢ NĂNG TIẾP THỊ",
    "C": "CHẤT LƯỢNG SẢN PHẨM",
}


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


# ---------------------------------------------------------------------------
# Text clean-up
# ---------------------------------------------------------------------------

# Sets 18–20 of the plain text split the last letter of many words off with a space
# ("sản phẩ m", "CỘNG ĐỒN G", "| 1 7"). A single letter is glued back onto the word before
# it only when the glued word occurs elsewhere in the decision as a whole word.
EXPLICIT_JOINS = {
    "ĐỊNH K Ỳ": "ĐỊNH KỲ",
}


class Cleaner:
    def __init__(self, all_lines: list[str]):
        self.vocab = collections.Counter(
            w for line in all_lines for w in re.findall(r"\w+", line)
        )
        self.joined: set[tuple[str, str]] = set()
        self.sheet_joined: set[tuple[str, str]] = set()

    def text(self, s: str) -> str:
        s = nfc(s).replace("\u00a0", " ")
        s = re.sub(r"\s+", " ", s).strip()
        for wrong, right in EXPLICIT_JOINS.items():
            if wrong in s:
                self.joined.add((wrong, right))
                self.sheet_joined.add((wrong, right))
                s = s.replace(wrong, right)

        def glue(m: re.Match[str]) -> str:
            a, b = m.group(1), m.group(2)
            if a.isdigit() or b.isdigit():
                return m.group(0)
            if self.vocab[a + b] > 0:
                self.joined.add((m.group(0), a + b))
                self.sheet_joined.add((m.group(0), a + b))
                return a + b
            return m.group(0)

        # "phẩ m" -> "phẩm" only when "phẩ" is not a word of its own anywhere in the text.
        s = re.sub(r"(\w+) (\w)(?!\w)", glue, s)
        # Stray spaces before a closing parenthesis or a final full stop (sets 18–20 again);
        # "..." runs and other punctuation are left exactly as printed.
        s = re.sub(r"\s+\)", ")", s)
        s = re.sub(r"(\w)\s+\.(\s*\||$)", r"\1.\2", s)
        return s.strip()


def split_points(line: str) -> tuple[str, str | None]:
    """Split `label | points`; the points cell may be absent."""
    if " | " in line or line.endswith("|"):
        label, _, pts = line.rpartition("|")
        return label.strip(), pts.strip()
    return line.strip(), None


def parse_points(cell: str | None) -> int | None:
    if cell is None or cell == "":
        return None
    digits = cell.replace(" ", "")
    if not digits.isdigit():
        raise ValueError(f"points cell is not a number: {cell!r}")
    return int(digits)


STAR_RE = re.compile(r"\s*((?:\*\s*){3,5})$")


def split_stars(label: str) -> tuple[str, int | None, str | None]:
    """Strip a trailing star marker; returns (label, stars, the marker if printed with spaces)."""
    m = STAR_RE.search(label)
    if not m:
        return label.strip(), None, None
    marker = m.group(1).strip()
    n = marker.count("*")
    return label[: m.start()].strip(), n, (marker if " " in marker else None)


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------

SET_HEAD_RE = re.compile(r"^(\d{1,2})\. (?:Bộ sản phẩm: |(?=Sản phẩm ))(.+)$")
PART_RE = re.compile(r"^Phần\s*([ABC])\b\s*:?\s*(.*)$", re.IGNORECASE)
CODE_RE = re.compile(r"^(\d+(?:\s*\.\s*\d+)*)\s*\.?\s+(.+)$")
CASE_RE = re.compile(r"^([ab])\. Trường hợp (\d): (.+)$")


def new_criterion(code: str, title: str, points: int | None) -> dict:
    requirement = None
    m = re.search(r"\s*Yêu cầu:\s*", title)
    if m:
        requirement = title[m.end():].strip()
        title = title[: m.start()].strip()
    return {
        "code": code,
        "title": title,
        "max": points,
        "group": None,
        "requirement": requirement,
        "guidance": None,
        "applies_if": None,
        "disqualifier": None,
        "gate": None,
        "eligibility_note": None,
        "options": [],
    }


def add_text(crit: dict, key: str, text: str) -> None:
    crit[key] = text if not crit[key] else crit[key] + "\n" + text


def split_knockouts(text: str) -> list[str]:
    body = re.sub(r"^(Hồ sơ )?[Bb]ị loại khi:\s*", "", text)
    parts: list[str] = []
    depth = 0
    cur = ""
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if depth == 0:
            m = re.match(r";\s*hoặc\s+|\s+hoặc\s+|;\s*", body[i:])
            if m:
                parts.append(cur)
                cur = ""
                i += m.end()
                continue
        cur += ch
        i += 1
    parts.append(cur)
    return [p.strip().rstrip(".;").strip() for p in parts if p.strip()]


class SheetParser:
    def __init__(self, number: int, title: str, lines: list[tuple[int, str]], clean: Cleaner):
        self.n = number
        self.clean = clean
        self.sheet: dict = {
            "basis": BASIS,
            "set": number,
            "title": title,
            "header_note": None,
            "requires_samples": number != 26,
            "knockouts": [],
            "knockout_text": None,
            "cases": [],
            "parts": [],
            "transcript_notes": [],
        }
        self.lines = lines
        self.part: dict | None = None
        self.section: dict | None = None
        self.crit: dict | None = None
        self.case: int | None = None
        self.done = False
        self.groups: dict[str, dict] = {}
        self.raw_group_max: dict[str, int | None] = {}

    def note(self, text: str) -> None:
        self.sheet["transcript_notes"].append(text)

    def parse(self) -> dict:
        for lineno, raw in self.lines:
            line = self.clean.text(raw)
            if not line:
                continue
            try:
                self.line(line)
            except Exception as exc:  # pragma: no cover - reported with context
                raise SystemExit(f"set {self.n}, line {lineno}: {exc}\n  {line}")
        return self.sheet

    # -- one line --------------------------------------------------------
    def line(self, line: str) -> None:
        s = self.sheet
        if line.startswith("(Sản phẩm:") and s["header_note"] is None and self.part is None:
            s["header_note"] = line
            return
        if re.match(r"^(Hồ sơ )?[Bb]ị loại khi:", line):
            if s["knockout_text"] is None:
                s["knockout_text"] = line
                s["knockouts"] = split_knockouts(line)
            elif s["knockout_text"] != line:
                raise ValueError("two different knock-out lines")
            else:
                self.note("The \"Hồ sơ bị loại khi\" line is printed twice; kept once.")
            return
        if self.part is None and not PART_RE.match(line):
            return  # header block: product name, code, producer, phone, address, table head
        if line.startswith("TỔNG CỘNG"):
            self.done = True
            return
        if self.done:
            return  # footer: star footnote, comments, signature
        if line.startswith("□") or line.startswith("o "):
            self.option(line[1:].strip())
            return
        m = PART_RE.match(line)
        if m:
            label, pts = split_points(line)
            code = m.group(1).upper()
            head = PART_RE.match(label).group(2)
            printed_title = re.sub(r"\s*\(\s*\d+\s*Điểm\s*\)\s*$", "", head, flags=re.IGNORECASE)
            self.part = {
                "code": code,
                "title": printed_title or PART_TITLES[code],
                "max": parse_points(pts),
                "sections": [],
            }
            self.part["_printed"] = head
            s["parts"].append(self.part)
            self.section = None
            self.crit = None
            return
        if line.startswith("Ghi chú:") or line.startswith("Chú ý:"):
            self.remark(line)
            return
        if line.startswith("Chỉ áp dụng khi"):
            self.crit["applies_if"] = {"criterion": "5.1", "min_points": 1}
            add_text(self.crit, "guidance", line)
            return
        if line.startswith("Yêu cầu:"):
            add_text(self.crit, "requirement", line[len("Yêu cầu:"):].strip())
            return
        if line.startswith("Lựa chọn một trong"):
            add_text(self.crit, "guidance", line)
            return
        m = CASE_RE.match(line)
        if m:
            cid = int(m.group(2))
            title = m.group(3).strip()
            self.case = cid
            known = {c["id"]: c for c in s["cases"]}
            if cid not in known:
                s["cases"].append({"id": cid, "title": title})
            elif known[cid]["title"] != title:
                self.crit.setdefault("_case_titles", {})[cid] = title
            return
        if line.startswith("("):
            # A parenthesised continuation of the criterion title printed on its own line.
            if self.crit is None or self.crit["options"]:
                raise ValueError("continuation line without an open criterion")
            self.crit["title"] += " " + line
            return
        m = CODE_RE.match(line)
        if m:
            code = re.sub(r"\s+", "", m.group(1))
            label, pts = split_points(line)
            title = CODE_RE.match(label).group(2).strip()
            self.numbered(code, title, parse_points(pts))
            return
        raise ValueError("unrecognised line")

    def numbered(self, code: str, title: str, pts: int | None) -> None:
        self.case = None
        depth = code.count(".")
        if depth == 0:
            self.section = {"code": code, "title": title, "max": pts, "criteria": []}
            self.part["sections"].append(self.section)
            # A section printed without sub-items holds one criterion with the section code.
            self.crit = new_criterion(code, title, pts)
            self.crit["_implicit"] = True
            self.section["criteria"].append(self.crit)
            return
        if self.section["criteria"] and self.section["criteria"][-1].get("_implicit"):
            implicit = self.section["criteria"].pop()
            if implicit["options"]:
                raise ValueError("section has both options and sub-items")
        parent = code.rsplit(".", 1)[0]
        if depth == 2:
            prev = self.section["criteria"][-1] if self.section["criteria"] else None
            if prev is not None and prev["code"] == parent and not prev["options"]:
                # An unscored heading (e.g. set 11, "6.1. Ngoại hình") over x.y.z items.
                self.section["criteria"].pop()
                self.groups[parent] = {"code": parent, "title": prev["title"]}
                self.raw_group_max[parent] = prev["max"]
        self.crit = new_criterion(code, title, pts)
        if depth == 2:
            if parent not in self.groups:
                raise ValueError(f"{code} has no group heading {parent}")
            self.crit["group"] = self.groups[parent]
        self.section["criteria"].append(self.crit)

    def option(self, text: str) -> None:
        label, pts = split_points(text)
        disq = None
        m = re.search(r"\s*Ghi chú:\s*", label)
        if m:
            # set 21/22: "...***** Ghi chú: Nếu sản phẩm vi phạm sở hữu trí tuệ, sẽ bị loại bỏ | 5"
            disq = label[m.end():].strip()
            label = label[: m.start()].strip()
        label, star, spaced = split_stars(label)
        if label.endswith(" :"):
            label = label[:-2].rstrip()
            self.note(
                f"{self.crit['code']}: a stray \" :\" at the end of the option \"{label}\" is "
                "dropped."
            )
        if spaced:
            self.note(
                f"{self.crit['code']}: the star marker is printed with spaces (\"{spaced}\"); "
                f"read as {star} stars."
            )
        if "*" in label:
            raise ValueError("star marker not at the end of the option")
        points = parse_points(pts)
        if points is None:
            points = 0
            self.note(
                f"{self.crit['code']}: the option \"{label}\" prints no points; read 0 "
                "(it is the \"none\" option listed before the 1-point option, the item maximum "
                "is met without it, and the same option prints 0 in sets 1, 2, 3, 12 and others)."
            )
        self.crit["options"].append(
            {"label": label, "points": points, "min_star": star, "case": self.case}
        )
        if disq:
            add_text(self.crit, "disqualifier", disq)
            self.note(
                f"{self.crit['code']}: the intellectual-property disqualifier is printed inside "
                "the last option's cell (\"Ghi chú: Nếu sản phẩm vi phạm sở hữu trí tuệ, sẽ bị "
                "loại bỏ\"); kept as the criterion's disqualifier, not as part of the label."
            )

    def remark(self, line: str) -> None:
        body = re.sub(r"^(Ghi chú|Chú ý):\s*", "", line)
        if body.startswith("Dấu sao là yêu cầu"):
            return  # footnote of every sheet
        crit = self.crit
        if body.startswith("Bị loại nếu"):
            add_text(crit, "disqualifier", body)
        elif body.startswith("Không xem xét các chỉ tiêu khác") or "không đánh giá các bước tiếp theo" in body.lower():
            add_text(crit, "gate", body)
        elif body.startswith("Không đánh giá những sản phẩm"):
            add_text(crit, "eligibility_note", line)
        else:
            add_text(crit, "guidance", line)


# ---------------------------------------------------------------------------
# Post-processing
# ---------------------------------------------------------------------------


def finish(sheet: dict) -> None:
    for part in sheet["parts"]:
        printed = part.pop("_printed")
        m = re.search(r"\((\d+)\s*Điểm\s*\)", printed, re.IGNORECASE)
        if m and int(m.group(1)) != part["max"]:
            sheet["transcript_notes"].append(
                f"Part {part['code']}: the heading says \"({m.group(1)} Điểm)\" but its points "
                f"cell says {part['max']}; read {part['max']} (its sections add up to "
                f"{sum(s['max'] for s in part['sections'])}, parts must total 100 and Art. 3.1 "
                f"gives A 40, B 25, C 35)."
            )
        for sec in part["sections"]:
            for c in sec["criteria"]:
                c.pop("_implicit", None)
                case_titles = c.pop("_case_titles", None)
                if case_titles:
                    for cid, t in case_titles.items():
                        sheet["transcript_notes"].append(
                            f"{c['code']}: case {cid} is headed \"Trường hợp {cid}: {t}\" here, "
                            f"not \"{next(x['title'] for x in sheet['cases'] if x['id'] == cid)}\" "
                            "as elsewhere in the sheet; both name the service provided by an "
                            "organisation or individual, so the options are kept under case "
                            f"{cid}."
                        )
                if not c["options"]:
                    c["options"].append(
                        {"label": c["title"], "points": c["max"], "min_star": None, "case": None}
                    )
                    sheet["transcript_notes"].append(
                        f"{c['code']}: printed as a single checkbox with no option lines; one "
                        f"option whose label is the criterion title, worth the printed "
                        f"{c['max']} point(s)."
                    )


def check_groups(sheet: dict, group_max: dict[str, int | None]) -> None:
    """An unscored heading's printed figure must equal the sum of the items under it."""
    for code, printed in group_max.items():
        items = [
            c for p in sheet["parts"] for sec in p["sections"] for c in sec["criteria"]
            if c["group"] and c["group"]["code"] == code
        ]
        total = sum(max(o["points"] for o in c["options"]) for c in items)
        if printed != total:
            raise SystemExit(
                f"set {sheet['set']}: group {code} prints {printed} but its items add up to {total}"
            )


def find_criterion(sheet: dict, code: str) -> dict:
    for part in sheet["parts"]:
        for sec in part["sections"]:
            for c in sec["criteria"]:
                if c["code"] == code:
                    return c
    raise KeyError(f"set {sheet['set']}: no criterion {code}")


def find_section(sheet: dict, code: str) -> dict:
    for part in sheet["parts"]:
        for sec in part["sections"]:
            if sec["code"] == code:
                return sec
    raise KeyError(f"set {sheet['set']}: no section {code}")


# ---------------------------------------------------------------------------
# Per-set corrections of the plain text. Each returns nothing and adds its own note.
# ---------------------------------------------------------------------------


def set_option_points(sheet: dict, code: str, index: int, old: int, new: int, note: str) -> None:
    opt = find_criterion(sheet, code)["options"][index]
    if opt["points"] != old:
        raise SystemExit(
            f"set {sheet['set']} {code} option {index + 1}: expected {old}, found {opt['points']}"
        )
    opt["points"] = new
    sheet["transcript_notes"].append(note)


def set_max(sheet: dict, kind: str, code: str, old: int, new: int, note: str) -> None:
    node = find_criterion(sheet, code) if kind == "criterion" else find_section(sheet, code)
    if node["max"] != old:
        raise SystemExit(f"set {sheet['set']} {kind} {code}: expected max {old}, found {node['max']}")
    node["max"] = new
    sheet["transcript_notes"].append(note)


OVERRIDES: dict[int, list] = collections.defaultdict(list)


def override(*sets: int):
    def wrap(fn):
        for n in sets:
            OVERRIDES[n].append(fn)
        return fn

    return wrap


@override(11)
def _set11_611(sheet: dict) -> None:
    set_option_points(
        sheet, "6.1.1", 1, 11, 1,
        "6.1.1: the transcript prints 11 points for the second option (\"Có rất ít tạp chất, "
        "chấp nhận được\"); read 1 (148/2023 has 1, the item maximum is 2, and the options "
        "run 0 / 1 / 2).",
    )


@override(4)
def _set04_7(sheet: dict) -> None:
    set_option_points(
        sheet, "7", 2, 13, 3,
        "7: the transcript prints 13 points for \"Có trên 2 chỉ tiêu\"; read 3 (the item "
        "maximum printed beside it is 3, Part C must total 35, and sets 1 and 3 print 3 for the "
        "same option).",
    )


@override(16)
def _set16_gate(sheet: dict) -> None:
    # "Ghi chú: Nếu được 0 điểm tại một trong các chỉ tiêu trên, sẽ không đánh giá các bước
    # tiếp theo." is printed once, after 6.4, but covers 6.1–6.4.
    text = find_criterion(sheet, "6.4")["gate"]
    if not text or not text.startswith("Nếu được 0 điểm"):
        raise SystemExit("set 16: expected the 0-point gate under 6.4")
    for code in ("6.1", "6.2", "6.3"):
        c = find_criterion(sheet, code)
        if c["gate"]:
            raise SystemExit(f"set 16: {code} already has a gate")
        c["gate"] = text
    sheet["transcript_notes"].append(
        "6.1–6.4: the gate \"Nếu được 0 điểm tại một trong các chỉ tiêu trên, sẽ không đánh giá "
        "các bước tiếp theo\" is printed once after 6.4 and covers the four sensory items above "
        "it; it is attached to each of 6.1, 6.2, 6.3 and 6.4."
    )


@override(17)
def _set17_knockout(sheet: dict) -> None:
    ko = sheet["knockouts"]
    if "giấy phép sản xuất theo quy định" not in ko:
        raise SystemExit("set 17: expected the truncated licence knock-out")
    ko[ko.index("giấy phép sản xuất theo quy định")] = "không có giấy phép sản xuất theo quy định"
    sheet["transcript_notes"].append(
        "Knock-outs: the line reads \"…; hoặc giấy phép sản xuất theo quy định hoặc …\", "
        "missing \"không có\"; the knock-out item is read as \"không có giấy phép sản xuất theo "
        "quy định\" as printed in set 15 (knockout_text stays verbatim)."
    )


@override(18)
def _set18_knockout(sheet: dict) -> None:
    sheet["transcript_notes"].append(
        "Knock-outs: the third item is printed without a verb (\"Hồ sơ đăng ký bản đăng ký công "
        "bố chất lượng sản phẩm, ghi nhãn sản phẩm, quảng cáo sản phẩm\"); kept as printed, "
        "read as a declaration, label or advertising dossier that does not comply."
    )


@override(19)
def _set19_knockout(sheet: dict) -> None:
    if not sheet["knockout_text"].startswith("Bị loại khi:"):
        raise SystemExit("set 19: expected the knock-out line to start with \"Bị loại khi:\"")
    sheet["transcript_notes"].append(
        "Knock-outs: the line starts \"Bị loại khi:\" rather than \"Hồ sơ bị loại khi:\"; "
        "treated as the same dossier knock-out."
    )


@override(26)
def _set26_cases(sheet: dict) -> None:
    cases = sheet["cases"]
    if [c["id"] for c in cases] != [1, 2] or cases[1]["title"] != "Điểm dịch vụ du lịch":
        raise SystemExit(f"set 26: unexpected cases {cases}")
    cases[1]["title"] = "Dịch vụ du lịch do tổ chức, cá nhân cung cấp"
    sheet["transcript_notes"][:] = [
        n for n in sheet["transcript_notes"] if not n.startswith(("9: case 2", "15: case 2"))
    ]
    sheet["transcript_notes"].append(
        "Cases: criteria 9 and 15 head case 2 \"Trường hợp 2: Dịch vụ du lịch do tổ chức, cá "
        "nhân cung cấp\"; criterion 8 heads it \"Trường hợp 2: Điểm dịch vụ du lịch\". Both "
        "are read as the same case 2 (services of an organisation or individual, as against "
        "case 1, services provided by the community) under the title used by 9 and 15; a "
        "sheet uses one case throughout."
    )
    sheet["transcript_notes"].append(
        "Criteria 8, 9 and 15 print \"Lựa chọn một trong hai trường hợp sau\" with separate "
        "option lists for case 1 and case 2; options carry their case id, and each case's best "
        "option equals the printed item maximum."
    )


@override(7)
def _set07_31(sheet: dict) -> None:
    set_option_points(
        sheet, "3.1", 1, 1, 2,
        "3.1: the second option (\"Công ty TNHH; hoặc doanh nghiệp tư nhân; hoặc công ty cổ "
        "phần … <51%\") prints 1 point, the same as the household option above it; read 2, as "
        "in the other 25 sheets (the item runs 1 / 2 / 3 by producer type).",
    )


@override(8)
def _set08_21(sheet: dict) -> None:
    opts = find_criterion(sheet, "2.1")["options"]
    if [o["points"] for o in opts] != [1, 2, 3]:
        raise SystemExit("set 8 2.1: expected options 1 / 2 / 3")
    sheet["transcript_notes"].append(
        "2.1: no 0-point option (\"Sản phẩm được sản xuất phổ biến ở nhiều tỉnh, thành phố\") "
        "is printed, unlike sets 6, 7 and 9–13; kept as printed: choice 0 (none of the printed "
        "options met) scores the same 0."
    )


@override(10)
def _set10_35(sheet: dict) -> None:
    opt = find_criterion(sheet, "3.5")["options"][1]
    if opt["min_star"] is not None:
        raise SystemExit("set 10 3.5: expected no star on the second option")
    sheet["transcript_notes"].append(
        "3.5: the second option (registered trademark with origin sign) carries no \"****\" "
        "here, while every other sheet marks it as the 4-star minimum; kept as printed (no "
        "minimum). To confirm against the signed text."
    )


@override(24)
def _set24_22(sheet: dict) -> None:
    opt = find_criterion(sheet, "2.2")["options"][2]
    if opt["min_star"] != 5:
        raise SystemExit("set 24 2.2: expected ***** on the third option")
    sheet["transcript_notes"].append(
        "2.2: the top option carries \"*****\" here but \"****\" in sets 23 and 25 (same "
        "wording); kept as printed (5-star minimum). To confirm against the signed text."
    )


@override(23)
def _set23_62(sheet: dict) -> None:
    pts = [o["points"] for o in find_criterion(sheet, "6.2")["options"]]
    if pts != [1, 1, 3, 5]:
        raise SystemExit(f"set 23 6.2: expected 1 / 1 / 3 / 5, found {pts}")
    sheet["transcript_notes"].append(
        "6.2: the first two options (\"Chấp nhận được\", \"Phù hợp với đặc tính sản phẩm\") "
        "both print 1 point; kept as printed (the item maximum 5 and the sums hold). Sets 24 and "
        "25 start this item at \"Phù hợp…\" = 1, so either the first option is 0 or the second "
        "is 2 in the signed text; to confirm."
    )


@override(23)
def _set23_9(sheet: dict) -> None:
    set_max(
        sheet, "criterion", "9", 41, 4,
        "9: the points cell prints \"4 1\"; read 4 (the options are 2 and 4, and section 9 "
        "must be 4 for Part C to total 35). The stray \"1\" is likely a footnote mark or a "
        "merged cell.",
    )
    find_section(sheet, "9")["max"] = 4


CLASS_PATH = ROOT / "data" / "classification" / "26-2026-qd-ttg.json"


def sentence_case(s: str) -> str:
    low = s.lower()
    return low[:1].upper() + low[1:]


def classification(lines: list[str], clean: Cleaner, titles: dict[int, str]) -> dict:
    """Annex I: sectors (I–VI) → groups (Nhóm) → sub-groups (Phân nhóm); each leaf is a set."""
    start = next(i for i, l in enumerate(lines) if l.strip() == "PHỤ LỤC I")
    stop = next(i for i, l in enumerate(lines) if l.strip() == "PHỤ LỤC II")
    sectors: list[dict] = []
    leaves: list[tuple[dict, dict, dict | None]] = []
    for raw in lines[start:stop]:
        line = clean.text(raw)
        cells = [c.strip() for c in line.split(" | ")]
        if len(cells) < 2:
            continue
        code, name = cells[0], cells[1]
        lead = cells[2] if len(cells) > 2 else None
        if re.fullmatch(r"[IVX]+", code):
            sectors.append({"code": code, "title": sentence_case(name), "title_printed": name,
                            "groups": []})
        elif re.fullmatch(r"\d+", code) and name.startswith("Nhóm: "):
            group = {"code": code, "title": name[len("Nhóm: "):], "lead": lead, "set": None,
                     "subgroups": []}
            sectors[-1]["groups"].append(group)
            if lead:
                leaves.append((sectors[-1], group, None))
        elif re.fullmatch(r"[a-z]", code) and name.startswith("Phân nhóm: "):
            sub = {"code": code, "title": name[len("Phân nhóm: "):], "lead": lead, "set": None}
            sectors[-1]["groups"][-1]["subgroups"].append(sub)
            leaves.append((sectors[-1], sectors[-1]["groups"][-1], sub))
    if len(leaves) != 26:
        raise SystemExit(f"Annex I: expected 26 leaves, found {len(leaves)}")
    flat = []
    for n, (sec, grp, sub) in enumerate(leaves, 1):
        leaf = sub or grp
        leaf["set"] = n
        flat.append({
            "set": n,
            "sector_code": sec["code"],
            "sector": sec["title"],
            "group_code": grp["code"],
            "group": grp["title"],
            "subgroup_code": sub["code"] if sub else None,
            "subgroup": sub["title"] if sub else None,
            "lead": leaf["lead"],
            "leads": [x.strip() for x in leaf["lead"].split(";")],
            "sheet_title": titles[n],
        })
    return {
        "basis": BASIS,
        "source": "Phụ lục I, Quyết định số 26/2026/QĐ-TTg (lead ministries per Nghị định "
                  "15/2018/NĐ-CP, Annex I footnote 1)",
        "notes": [
            "Each leaf of Annex I (a sub-group, or a group without sub-groups) is one product "
            "set and has its own Annex II sheet, numbered in Annex I order.",
            "sheet_title is the heading of the set's Annex II sheet; it differs from the Annex I "
            "path for sets 8, 10, 11, 12, 13 and 17 (e.g. Annex I \"Sản phẩm chè từ thực vật "
            "khác\" vs sheet \"Sản phẩm trà từ thực vật khác\"). Form 01 asks for the Annex I "
            "path; print the sheet title on the score sheet.",
            "Sector titles are given in sentence case; title_printed keeps the capitals of the "
            "decision.",
        ],
        "sectors": sectors,
        "sets": flat,
    }


def main() -> int:
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(os.environ.get("OCOP_QD26_TEXT", DEFAULT_SOURCE))
    raw_lines = src.read_text(encoding="utf-8").splitlines()
    lines = [nfc(l) for l in raw_lines]
    clean = Cleaner(lines)

    start = next(i for i, l in enumerate(lines) if l.strip() == "PHỤ LỤC II")
    end = next(i for i, l in enumerate(lines) if l.strip() == "PHỤ LỤC III")
    heads: list[tuple[int, int, str]] = []
    for i in range(start, end):
        m = SET_HEAD_RE.match(lines[i].strip())
        if m:
            heads.append((i, int(m.group(1)), m.group(2).strip()))
    if [h[1] for h in heads] != list(range(1, 27)):
        raise SystemExit(f"expected set headings 1..26, found {[h[1] for h in heads]}")

    # The table of contents at the top of Annex II names each set too.
    toc: dict[int, str] = {}
    for i in range(start, heads[0][0]):
        m = re.match(r"^(\d{1,2}) \| Bộ sản phẩm: (.+)$", lines[i].strip())
        if m:
            toc[int(m.group(1))] = clean.text(m.group(2))

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for k, (i, n, title) in enumerate(heads):
        stop = heads[k + 1][0] if k + 1 < len(heads) else end
        body = [(j + 1, lines[j]) for j in range(i + 1, stop)]
        clean.sheet_joined = set()
        parser = SheetParser(n, clean.text(title), body, clean)
        sheet = parser.parse()
        finish(sheet)
        if clean.sheet_joined:
            pairs = ", ".join(f"\"{a}\" → \"{b}\"" for a, b in sorted(clean.sheet_joined))
            sheet["transcript_notes"].append(
                "The plain text splits the last letter off some words and digits off some "
                f"points cells on this sheet; rejoined: {pairs}. Points cells such as \"1 7\" "
                "are read with the space removed."
            )
        if toc.get(n) and toc[n] != sheet["title"]:
            sheet["transcript_notes"].append(
                f"Title: the sheet is headed \"{lines[i].strip()}\"; the list at the top of "
                f"Annex II calls it \"{toc[n]}\". The sheet heading is kept as the title."
            )
        if sheet["knockout_text"] is None:
            sheet["transcript_notes"].append("No \"Hồ sơ bị loại khi\" line is printed on this sheet.")
        for fn in OVERRIDES.get(n, []):
            fn(sheet)
        check_groups(sheet, parser.raw_group_max)
        path = OUT_DIR / f"set-{n:02d}.json"
        text = json.dumps(sheet, ensure_ascii=False, indent=2) + "\n"
        path.write_text(nfc(text), encoding="utf-8")
    titles = {
        int(p.stem.split("-")[1]): json.loads(p.read_text(encoding="utf-8"))["title"]
        for p in OUT_DIR.glob("set-*.json")
    }
    CLASS_PATH.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(classification(lines, clean, titles), ensure_ascii=False, indent=2) + "\n"
    CLASS_PATH.write_text(nfc(text), encoding="utf-8")
    for wrong, right in sorted(clean.joined):
        print(f"joined split word: {wrong!r} -> {right!r}", file=sys.stderr)
    print(f"wrote {len(heads)} sheets to {OUT_DIR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
