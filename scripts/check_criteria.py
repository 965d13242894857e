#!/usr/bin/env python3
"""Check every criteria sheet under data/criteria/ against docs/criteria-schema.md.

For each basis folder with `"detail": "sheets"` it checks every set-NN.json:
  - parts are exactly A, B, C with the basis `part_maxima`, and the total is 100;
  - each part's max = the sum of its sections; each section's max = the sum over its criteria
    of the best option (per case for case-variant criteria, equal across cases);
  - each criterion's max = its best option (in every case);
  - every option has integer points, non-empty label, min_star in {null, 3, 4, 5}, and a case
    id listed in the sheet's `cases` (or null);
  - criterion codes are unique and look like the printed codes; options are non-empty;
  - applies_if points at an existing, earlier criterion with a reachable min_points;
  - text is NFC; required keys are present; the set number matches the file name.
For every basis.json it checks the keys, the bands and that the part maxima total 100.
For every data/classification/<slug>.json it checks the 26 leaves and that each sheet_title is
the title of the matching sheet.

Prints one line per problem and exits 1 if there is any; prints a summary and exits 0 otherwise.
Usage: python3 scripts/check_criteria.py [data/criteria]
Python 3.11, standard library only.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SHEET_KEYS = {
    "basis", "set", "title", "header_note", "requires_samples", "knockouts", "knockout_text",
    "cases", "parts", "transcript_notes",
}
CRIT_KEYS = {
    "code", "title", "max", "group", "requirement", "guidance", "applies_if", "disqualifier",
    "gate", "eligibility_note", "options",
}
OPTION_KEYS = {"label", "points", "min_star", "case"}
BASIS_KEYS = {
    "basis", "title", "signed", "effective_from", "effective_to", "part_maxima", "bands",
    "recognised_from_star", "certificate_validity_months", "detail", "notes",
}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


class Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def bad(self, where: str, msg: str) -> None:
        self.problems.append(f"{where}: {msg}")

    def nfc(self, where: str, value) -> None:
        if isinstance(value, str):
            if unicodedata.normalize("NFC", value) != value:
                self.bad(where, f"text is not NFC: {value[:40]!r}")
        elif isinstance(value, dict):
            for k, v in value.items():
                self.nfc(where, v)
        elif isinstance(value, list):
            for v in value:
                self.nfc(where, v)

    # -- basis ---------------------------------------------------------------
    def basis(self, path: Path) -> dict | None:
        where = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
        try:
            b = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            self.bad(where, f"cannot read: {exc}")
            return None
        self.nfc(where, b)
        missing = BASIS_KEYS - b.keys()
        if missing:
            self.bad(where, f"missing keys {sorted(missing)}")
            return None
        pm = b["part_maxima"]
        if set(pm) != {"A", "B", "C"} or not all(is_int(v) for v in pm.values()):
            self.bad(where, f"part_maxima must be integers for A, B, C: {pm}")
        elif sum(pm.values()) != 100:
            self.bad(where, f"part_maxima total {sum(pm.values())}, not 100")
        bands = b["bands"]
        if [x.get("star") for x in bands] != [1, 2, 3, 4, 5]:
            self.bad(where, "bands must list stars 1..5 in order")
        else:
            froms = [x.get("from") for x in bands]
            if froms[0] != 0 or any(not is_int(f) for f in froms) or froms != sorted(set(froms)):
                self.bad(where, f"band thresholds must start at 0 and increase: {froms}")
        if b["detail"] not in ("sheets", "totals"):
            self.bad(where, f"detail must be sheets or totals, not {b['detail']!r}")
        for key in ("signed", "effective_from"):
            if not (isinstance(b[key], str) and DATE_RE.match(b[key])):
                self.bad(where, f"{key} must be YYYY-MM-DD")
        if b["effective_to"] is not None and not (
            isinstance(b["effective_to"], str) and DATE_RE.match(b["effective_to"])
        ):
            self.bad(where, "effective_to must be null or YYYY-MM-DD")
        if b["recognised_from_star"] not in (1, 2, 3, 4, 5):
            self.bad(where, "recognised_from_star must be 1..5")
        if not is_int(b["certificate_validity_months"]) or b["certificate_validity_months"] <= 0:
            self.bad(where, "certificate_validity_months must be a positive integer")
        if not isinstance(b["notes"], list):
            self.bad(where, "notes must be a list")
        return b

    # -- sheet ---------------------------------------------------------------
    def sheet(self, path: Path, basis: dict) -> None:
        where = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
        try:
            s = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            self.bad(where, f"cannot read: {exc}")
            return
        self.nfc(where, s)
        missing = SHEET_KEYS - s.keys()
        if missing:
            self.bad(where, f"missing keys {sorted(missing)}")
            return
        m = re.match(r"^set-(\d{2})\.json$", path.name)
        if not m or s["set"] != int(m.group(1)):
            self.bad(where, f"set {s['set']} does not match the file name")
        if s["basis"] != basis["basis"]:
            self.bad(where, f"basis {s['basis']!r} is not {basis['basis']!r}")
        if not isinstance(s["title"], str) or not s["title"].strip():
            self.bad(where, "empty title")
        if not isinstance(s["requires_samples"], bool):
            self.bad(where, "requires_samples must be true or false")
        if not isinstance(s["knockouts"], list) or not all(
            isinstance(k, str) and k.strip() for k in s["knockouts"]
        ):
            self.bad(where, "knockouts must be a list of non-empty strings")
        if bool(s["knockouts"]) != bool(s["knockout_text"]):
            self.bad(where, "knockouts and knockout_text must both be present or both absent")
        if not isinstance(s["transcript_notes"], list):
            self.bad(where, "transcript_notes must be a list")

        case_ids = []
        for c in s["cases"]:
            if not is_int(c.get("id")) or not isinstance(c.get("title"), str) or not c["title"]:
                self.bad(where, f"bad case entry {c}")
            else:
                case_ids.append(c["id"])
        if len(case_ids) != len(set(case_ids)):
            self.bad(where, "duplicate case ids")

        parts = s["parts"]
        if [p.get("code") for p in parts] != ["A", "B", "C"]:
            self.bad(where, f"parts must be A, B, C in order, not {[p.get('code') for p in parts]}")
            return
        codes: dict[str, dict] = {}
        order: list[str] = []
        section_codes: set[str] = set()
        total = 0
        for part in parts:
            pw = f"{where} part {part['code']}"
            if part.get("max") != basis["part_maxima"][part["code"]]:
                self.bad(pw, f"max {part.get('max')} but the basis gives {basis['part_maxima'][part['code']]}")
            if not part.get("sections"):
                self.bad(pw, "no sections")
                continue
            part_sum = 0
            for sec in part["sections"]:
                sw = f"{where} section {sec.get('code')}"
                if sec.get("code") in section_codes:
                    self.bad(sw, "duplicate section code")
                section_codes.add(sec.get("code"))
                if not re.fullmatch(r"\d+", str(sec.get("code"))):
                    self.bad(sw, "section code must be a number")
                if not is_int(sec.get("max")):
                    self.bad(sw, f"max {sec.get('max')!r} is not an integer")
                    continue
                if not sec.get("criteria"):
                    self.bad(sw, "no criteria")
                    continue
                sec_sum_by_case: dict[int | None, int] = {}
                plain = 0
                case_best: dict[int, int] = {}
                for crit in sec["criteria"]:
                    best = self.criterion(where, sec["code"], crit, case_ids, codes, order)
                    if best is None:
                        continue
                    if isinstance(best, dict):
                        for cid, v in best.items():
                            case_best[cid] = case_best.get(cid, 0) + v
                    else:
                        plain += best
                if case_best:
                    for cid, v in case_best.items():
                        sec_sum_by_case[cid] = plain + v
                else:
                    sec_sum_by_case[None] = plain
                for cid, v in sec_sum_by_case.items():
                    if v != sec["max"]:
                        label = f" (case {cid})" if cid is not None else ""
                        self.bad(sw, f"max {sec['max']} but its criteria add up to {v}{label}")
                part_sum += sec["max"]
            if part_sum != part.get("max"):
                self.bad(pw, f"max {part.get('max')} but its sections add up to {part_sum}")
            total += part_sum
        if total != 100:
            self.bad(where, f"sections add up to {total}, not 100")

        for code in order:
            crit = codes[code]
            ai = crit.get("applies_if")
            if ai is None:
                continue
            cw = f"{where} criterion {code}"
            if set(ai) != {"criterion", "min_points"}:
                self.bad(cw, f"applies_if must have criterion and min_points: {ai}")
                continue
            target = codes.get(ai["criterion"])
            if target is None:
                self.bad(cw, f"applies_if points at missing criterion {ai['criterion']}")
                continue
            if order.index(ai["criterion"]) >= order.index(code):
                self.bad(cw, f"applies_if points at a later criterion {ai['criterion']}")
            if not is_int(ai["min_points"]) or not any(
                is_int(o["points"]) and o["points"] >= ai["min_points"] for o in target["options"]
            ):
                self.bad(cw, f"applies_if min_points {ai['min_points']} is not reachable on {ai['criterion']}")

    def criterion(self, where, sec_code, crit, case_ids, codes, order):
        code = crit.get("code")
        cw = f"{where} criterion {code}"
        missing = CRIT_KEYS - crit.keys()
        if missing:
            self.bad(cw, f"missing keys {sorted(missing)}")
            return None
        if not re.fullmatch(r"\d+(\.\d+){0,2}", str(code)):
            self.bad(cw, "code must look like 7, 1.1 or 6.1.1")
        elif code.split(".")[0] != sec_code:
            self.bad(cw, f"code is not under section {sec_code}")
        if code in codes:
            self.bad(cw, "duplicate criterion code")
        codes[code] = crit
        order.append(code)
        if not isinstance(crit["title"], str) or not crit["title"].strip():
            self.bad(cw, "empty title")
        g = crit["group"]
        if g is not None:
            if set(g) != {"code", "title"} or not str(code).startswith(str(g["code"]) + "."):
                self.bad(cw, f"group {g} does not head this criterion")
        elif str(code).count(".") == 2:
            self.bad(cw, "an x.y.z criterion needs a group")
        for key in ("requirement", "guidance", "disqualifier", "gate", "eligibility_note"):
            if crit[key] is not None and (not isinstance(crit[key], str) or not crit[key].strip()):
                self.bad(cw, f"{key} must be null or non-empty text")
        opts = crit["options"]
        if not opts:
            self.bad(cw, "no options")
            return None
        by_case: dict[int | None, list[int]] = {}
        for i, o in enumerate(opts, 1):
            ow = f"{cw} option {i}"
            if set(o) != OPTION_KEYS:
                self.bad(ow, f"keys must be {sorted(OPTION_KEYS)}")
                continue
            if not is_int(o["points"]) or o["points"] < 0:
                self.bad(ow, f"points {o['points']!r} is not a non-negative integer")
                continue
            if not isinstance(o["label"], str) or not o["label"].strip():
                self.bad(ow, "empty label")
            if "*" in (o["label"] or ""):
                self.bad(ow, "a star marker is left in the label")
            if o["min_star"] not in (None, 3, 4, 5):
                self.bad(ow, f"min_star {o['min_star']!r} is not null, 3, 4 or 5")
            if o["case"] is not None and o["case"] not in case_ids:
                self.bad(ow, f"case {o['case']} is not listed in the sheet's cases")
            by_case.setdefault(o["case"], []).append(o["points"])
        if not by_case:
            return None
        if not is_int(crit["max"]):
            self.bad(cw, f"max {crit['max']!r} is not an integer")
            return None
        has_cases = any(k is not None for k in by_case)
        if has_cases:
            if None in by_case:
                self.bad(cw, "mixes options with and without a case")
            best = {cid: max(v) for cid, v in by_case.items() if cid is not None}
            for cid, v in best.items():
                if v != crit["max"]:
                    self.bad(cw, f"max {crit['max']} but the best option of case {cid} is {v}")
            if set(best) != set(case_ids):
                self.bad(cw, f"cases {sorted(best)} but the sheet lists {sorted(case_ids)}")
            return best
        best = max(by_case[None])
        if best != crit["max"]:
            self.bad(cw, f"max {crit['max']} but the best option is {best}")
        return best

    # -- Annex I classification ----------------------------------------------
    def classification(self, base: Path) -> None:
        """data/classification/<slug>.json: 26 leaves, titles matching the sheets."""
        cdir = base.parent / "classification"
        for cpath in sorted(cdir.glob("*.json")):
            where = str(cpath)
            try:
                c = json.loads(cpath.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                self.bad(where, f"cannot read: {exc}")
                continue
            self.nfc(where, c)
            sets = c.get("sets", [])
            if [x.get("set") for x in sets] != list(range(1, 27)):
                self.bad(where, "sets must list 1..26 in order")
                continue
            sheet_dir = base / cpath.stem
            leaf_sets = [
                (g.get("set") if not g.get("subgroups") else None)
                for sec in c.get("sectors", []) for g in sec.get("groups", [])
            ] + [
                sub.get("set") for sec in c.get("sectors", []) for g in sec.get("groups", [])
                for sub in g.get("subgroups", [])
            ]
            if sorted(x for x in leaf_sets if x is not None) != list(range(1, 27)):
                self.bad(where, "the sectors tree must have exactly one leaf per set 1..26")
            for x in sets:
                for key in ("sector_code", "sector", "group_code", "group", "lead", "sheet_title"):
                    if not isinstance(x.get(key), str) or not x[key]:
                        self.bad(where, f"set {x['set']}: {key} is empty")
                sheet = sheet_dir / f"set-{x['set']:02d}.json"
                if sheet.exists():
                    title = json.loads(sheet.read_text(encoding="utf-8")).get("title")
                    if title != x.get("sheet_title"):
                        self.bad(where, f"set {x['set']}: sheet_title {x.get('sheet_title')!r} "
                                        f"is not the sheet's title {title!r}")

    # -- all files -------------------------------------------------------------
    def run(self, base: Path) -> int:
        basis_files = sorted(base.glob("*/basis.json"))
        if not basis_files:
            self.bad(str(base), "no basis.json found")
        n_sheets = 0
        for bpath in basis_files:
            b = self.basis(bpath)
            if b is None:
                continue
            sheets = sorted(bpath.parent.glob("set-*.json"))
            if b["detail"] == "sheets":
                names = [p.name for p in sheets]
                expected = [f"set-{n:02d}.json" for n in range(1, 27)]
                if names != expected:
                    self.bad(str(bpath.parent), f"expected set-01..set-26, found {names}")
                for p in sheets:
                    self.sheet(p, b)
                    n_sheets += 1
            elif sheets:
                self.bad(str(bpath.parent), "detail is totals but sheet files exist")
        self.classification(base)
        for p in self.problems:
            print(p)
        if self.problems:
            sys.stdout.flush()
            print(f"{len(self.problems)} problem(s)", file=sys.stderr)
            return 1
        print(f"ok: {len(basis_files)} bases, {n_sheets} sheets")
        return 0


def main() -> int:
    base = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data" / "criteria"
    return Checker().run(base.resolve())


if __name__ == "__main__":
    sys.exit(main())
