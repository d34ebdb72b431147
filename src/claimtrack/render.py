"""Render stage: claims, conflicts and diffs as a rich table, JSON, JSONL, CSV or Markdown."""
from __future__ import annotations

import csv
import io
import posixpath
import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import orjson
from rich.console import Console
from rich.table import Table

from .reconcile import shorten

CLAIM_CSV_COLUMNS = [
    "id", "doc_id", "doc_path", "outlet", "language", "published", "speaker_name", "speaker_canonical",
    "speaker_kind", "speaker_affiliation", "via", "cue", "content", "quote", "polarity", "modality",
    "frame_type", "frame_agent", "frame_target", "weapons", "actors", "quantities", "said_on_date",
    "said_on_precision", "said_on_text", "said_on_basis", "evidence_start", "evidence_end", "evidence_text",
]


def flat_claim(c: dict[str, Any]) -> dict[str, Any]:
    d, sp, fr, so, ev = c["doc"], c["speaker"], c.get("frame") or {}, c.get("said_on") or {}, c["evidence"]
    return {
        "id": c["id"], "doc_id": d["id"], "doc_path": d.get("path"), "outlet": d.get("outlet"),
        "language": d.get("language"), "published": d.get("published"),
        "speaker_name": sp.get("name"), "speaker_canonical": sp.get("canonical"), "speaker_kind": sp.get("kind"),
        "speaker_affiliation": sp.get("affiliation"), "via": " | ".join(c.get("via") or []), "cue": c.get("cue"),
        "content": c.get("content"), "quote": c.get("quote"), "polarity": c.get("polarity"),
        "modality": c.get("modality"), "frame_type": fr.get("type"), "frame_agent": fr.get("agent"),
        "frame_target": fr.get("target"), "weapons": " | ".join(c.get("weapons") or []),
        "actors": " | ".join(c.get("actors") or []),
        "quantities": " | ".join(q.get("text", "") for q in c.get("quantities") or []),
        "said_on_date": so.get("date"), "said_on_precision": so.get("precision"), "said_on_text": so.get("text"),
        "said_on_basis": so.get("basis"), "evidence_start": ev["start"], "evidence_end": ev["end"],
        "evidence_text": ev["text"],
    }


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[bytes]) -> int:
    n = 0
    for r in records:
        out.write(orjson.dumps(r) + b"\n")
        n += 1
    return n


def write_json(records: Iterable[dict[str, Any]], out: IO[bytes]) -> int:
    n = 0
    out.write(b"[")
    for r in records:
        out.write((b"\n" if n == 0 else b",\n") + orjson.dumps(r, option=orjson.OPT_INDENT_2))
        n += 1
    out.write(b"\n]\n" if n else b"]\n")
    return n


def write_csv(rows: Iterable[dict[str, Any]], out: IO[bytes], columns: list[str]) -> int:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    n = 0
    for r in rows:
        w.writerow({k: _csv_cell(v) for k, v in r.items()})
        n += 1
        if buf.tell() > 1 << 16:
            out.write(buf.getvalue().encode("utf-8"))
            buf.seek(0)
            buf.truncate()
    out.write(buf.getvalue().encode("utf-8"))
    return n


# Article text is hostile: control characters (ESC sequences that clear a screen or set a window
# title) and bidirectional overrides never reach a terminal or a file meant for people.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_MD_SPECIAL = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "\\|", "`": "\\`", "\n": " ", "\t": " "})
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def terminal_safe(s: str) -> str:
    """Text with control characters and direction overrides replaced by U+FFFD."""
    return _CONTROL.sub("\ufffd", s)


def _md(s: Any) -> str:
    """A markdown table cell: no raw HTML (CI posts markdown as HTML), no code spans, no '|'."""
    return terminal_safe(str("" if s is None else s)).translate(_MD_SPECIAL)


def _csv_cell(v: Any) -> Any:
    """A spreadsheet runs a cell that starts with '=', '+', '-', '@', tab or CR: such text gets a
    leading apostrophe (OWASP's advice), which spreadsheets show as text."""
    if isinstance(v, str):
        # decided on the text as given: a leading CR is a trigger even though it is then replaced
        return ("'" if v.startswith(_FORMULA_START) else "") + terminal_safe(v)
    return v


def write_claims_markdown(records: Iterable[dict[str, Any]], out: IO[bytes]) -> int:
    lines = ["| document | speaker | via | content | polarity | modality | frame | weapons | date |",
             "|---|---|---|---|---|---|---|---|---|"]
    n = 0
    for c in records:
        f = flat_claim(c)
        lines.append("| " + " | ".join(_md(x) for x in (
            f["doc_id"], f["speaker_canonical"], f["via"], f["content"], f["polarity"], f["modality"],
            f["frame_type"], f["weapons"], f["said_on_date"])) + " |")
        n += 1
    out.write(("\n".join(lines) + "\n").encode("utf-8"))
    return n


WIDE = 110  # from this many columns the table has a column per field; below, three that wrap


def claims_table(records: Iterable[dict[str, Any]], console: Console, limit: int | None = None) -> int:
    wide = console.width >= WIDE
    t = Table(show_lines=True, expand=True)
    if wide:
        t.add_column("doc", max_width=12, overflow="ellipsis", no_wrap=True)
        t.add_column("speaker (via)", ratio=1, min_width=12, overflow="fold")
        t.add_column("claim", ratio=4, min_width=30)
        t.add_column("stance", max_width=10)
        t.add_column("frame · weapons", ratio=1, min_width=12)
        t.add_column("said on", max_width=10, no_wrap=True)
    else:  # 80 columns: the speaker wraps whole words instead of shrinking to "Ser…"
        t.add_column("speaker (via) · doc", width=18, overflow="fold")
        t.add_column("claim", ratio=1, min_width=24)
        t.add_column("stance · date · frame", width=16, overflow="fold")
    n = 0
    for c in records:
        n += 1
        if limit is not None and n > limit:
            continue
        f = flat_claim(c)
        frame = f["frame_type"] or ""
        if f["frame_agent"] or f["frame_target"]:
            frame += f" ({f['frame_agent'] or '?'} → {f['frame_target'] or '?'})"
        if f["weapons"]:
            frame += " · " + f["weapons"]
        content = f["content"] or ""
        content = shorten(content, 220)
        content = ("“" + content + "”") if f["quote"] else content
        speaker = escape_for_terminal(f["speaker_canonical"] + (f" (via {f['via']})" if f["via"] else ""))
        stance = f"{'−' if f['polarity'] == 'negative' else '+'} {f['modality']}"
        doc, frame, date = escape_for_terminal(f["doc_id"]), escape_for_terminal(frame), f["said_on_date"] or ""
        if wide:
            t.add_row(doc, speaker, escape_for_terminal(content), stance, frame, date)
        else:
            t.add_row(f"{speaker}\n[dim]{doc}[/]", escape_for_terminal(content),
                      "\n".join(x for x in (stance, date, frame) if x))
    console.print(t)
    if limit is not None and n > limit:
        console.print(f"… {n - limit} more claims (--limit, or --format jsonl / -o FILE for all)")
    return n


def output_format(fmt: str | None, output: str | None, is_tty: bool, command: str = "claims",
                  piped: str = "jsonl") -> str:
    """--format if given; else the format `-o FILE`'s extension names (no extension: `piped`);
    else a table on a terminal and `piped` when piped. An extension that names no format of the
    command is a ValueError: 'x.xlsx' must not silently receive JSONL."""
    if fmt:
        return fmt
    if output and output != "-":
        suffix = Path(output).suffix.lower()
        if not suffix:
            return piped
        allowed = formats_for(command)
        for f, exts in EXTENSIONS.items():
            if suffix in exts and f in allowed:
                return f
        known = sorted(e for f, exts in EXTENSIONS.items() if f in allowed for e in exts)
        raise ValueError(f"{output}: no output format of '{command}' has the extension {suffix!r} "
                         f"({', '.join(known)}); name one with --format")
    return "table" if is_tty else piped


# ------------------------------------------------------------------ conflicts

CONFLICT_CSV_COLUMNS = ["id", "kind", "frame", "score", "actors", "explanation",
                        "a_id", "a_doc", "a_speaker", "a_date", "a_content",
                        "b_id", "b_doc", "b_speaker", "b_date", "b_content"]


def flat_conflict(f: dict[str, Any]) -> dict[str, Any]:
    row = {"id": f["id"], "kind": f["kind"], "frame": f["frame"], "score": f["score"],
           "actors": " | ".join(f["actors"]), "explanation": f["explanation"]}
    for side in ("a", "b"):
        c = f[side]
        row.update({f"{side}_id": c["id"], f"{side}_doc": c["doc"]["id"], f"{side}_speaker": c["speaker"]["canonical"],
                    f"{side}_date": (c.get("said_on") or {}).get("date"), f"{side}_content": c["content"]})
    return row


def write_conflicts_markdown(findings: list[dict[str, Any]], out: IO[bytes]) -> int:
    lines = [f"## claimtrack conflicts ({len(findings)})", ""]
    for f in findings:
        lines.append(f"### {f['kind']} · {f['frame']} · score {f['score']}")
        lines.append("")
        lines.append(_md(f["explanation"]))
        lines.append("")
        for side in ("a", "b"):
            c = f[side]
            lines.append(f"- **{_md(c['speaker']['canonical'])}** ({_md(c['doc']['id'])}, "
                         f"{_md((c.get('said_on') or {}).get('date') or 'undated')}): "
                         f"“{_md(shorten(c['evidence']['text'], 300))}”")
        lines.append("")
    out.write(("\n".join(lines) + "\n").encode("utf-8"))
    return len(findings)


def conflicts_view(findings: list[dict[str, Any]], console: Console) -> None:
    from rich.panel import Panel

    if not findings:
        console.print("No conflicts found.")
        return
    for f in findings:
        t = Table.grid(padding=(0, 1), expand=True)
        t.add_column(style="bold", no_wrap=True)
        t.add_column(ratio=1)
        for side in ("a", "b"):
            c = f[side]
            who = c["speaker"]["canonical"] + (f" via {', '.join(c['via'])}" if c.get("via") else "")
            meta = f"{c['doc']['id']} · {c['doc'].get('outlet') or '-'} · {(c.get('said_on') or {}).get('date') or 'undated'}"
            t.add_row(side.upper(), f"[bold]{escape_for_terminal(who)}[/] [dim]{escape_for_terminal(meta)}[/]")
            t.add_row("", f"“{escape_for_terminal(shorten(c['evidence']['text'], 400))}”")
        t.add_row("", f"[italic]{escape_for_terminal(f['explanation'])}[/]")
        console.print(Panel(t, title=f"{f['kind']} · {f['frame']} · {f['score']}", title_align="left"))


def escape_for_terminal(s: str) -> str:
    from rich.markup import escape

    return escape(terminal_safe(s or ""))


# ------------------------------------------------------------------ diffs

def _claim_line(c: dict[str, Any], n: int = 120) -> str:
    return f"{c['speaker']['canonical']}: “{shorten(c['content'], n)}”"




def _value(v: Any) -> str:
    return shorten("" if v is None else (", ".join(map(str, v)) if isinstance(v, list) else str(v)), 90)


Segment = tuple[str, str]  # ("=", kept) ("-", removed) ("+", added) ("…", words left out)


def word_diff(old: str, new: str, context: int = 6) -> list[Segment]:
    """What changed between two texts, word by word, with `context` unchanged words around each
    change: a change after the 90th character is as visible as one at the start."""
    import difflib

    a, b = old.split(), new.split()
    out: list[Segment] = []
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            words = a[i1:i2]
            head = words[:context] if k > 0 else []
            tail = words[-context:] if k < len(ops) - 1 else []
            if len(words) <= len(head) + len(tail):
                out.append(("=", " ".join(words)))
                continue
            if head:
                out.append(("=", " ".join(head)))
            out.append(("…", "…"))
            if tail:
                out.append(("=", " ".join(tail)))
            continue
        if i2 > i1:
            out.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(b[j1:j2])))
    return out


def _is_long_text(old: Any, new: Any) -> bool:
    return isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > 90


def _change_terminal(old: Any, new: Any) -> str:
    if not _is_long_text(old, new):
        return f"[red]{escape_for_terminal(_value(old))}[/] → [green]{escape_for_terminal(_value(new))}[/]"
    style = {"=": "{}", "…": "[dim]{}[/]", "-": "[red strike][-{}-][/]", "+": "[green]{{+{}+}}[/]"}
    return " ".join(style[k].format(escape_for_terminal(t)) for k, t in word_diff(old, new))


def _change_plain(old: Any, new: Any) -> str:
    """A change for text that has no colours (GitHub annotations): wdiff's [-removed-] {+added+}."""
    if not _is_long_text(old, new):
        return f"{_value(old)} → {_value(new)}"
    style = {"=": "{}", "…": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
    return " ".join(style[k].format(t) for k, t in word_diff(old, new))


def _change_markdown(old: Any, new: Any) -> tuple[str, str]:
    """(old, new) cells; for long texts each shows the changed words (struck out in the old, bold
    in the new) with their context."""
    if not _is_long_text(old, new):
        return _md(_value(old)), _md(_value(new))
    segs = word_diff(old, new)
    was = " ".join(f"~~{_md(t)}~~" if k == "-" else _md(t) for k, t in segs if k != "+")
    now = " ".join(f"**{_md(t)}**" if k == "+" else _md(t) for k, t in segs if k != "-")
    return was, now


def diff_view(report: dict[str, Any], console: Console, stat: bool = False) -> None:
    def say(line: str) -> None:  # one line a change, wrapped by the terminal: a copied line stays whole
        console.print(line, soft_wrap=True)

    s = report["summary"]
    say(f"[green]+{s['added']} added[/]  [red]-{s['removed']} removed[/]  "
        f"[yellow]~{s['modified']} modified[/]  {s['unchanged']} unchanged")
    if stat:
        return
    for kind, style, sign in (("added", "green", "+"), ("removed", "red", "-")):
        for c in report[kind]:
            say(f"[{style}]{sign} {escape_for_terminal(c['doc']['id'])}[/] {escape_for_terminal(_claim_line(c))}")
    for m in report["modified"]:
        say(f"[yellow]~ {escape_for_terminal(m['new']['doc']['id'])}[/] {escape_for_terminal(_claim_line(m['new']))}")
        for field, (old, new) in m["changes"].items():
            say(f"    {field}: {_change_terminal(old, new)}")
    for kind in ("gained", "lost"):
        for f in (report.get("conflicts") or {}).get(kind, []):
            say(f"[magenta]conflict {kind}[/] {f['kind']}: {escape_for_terminal(shorten(f['explanation'], 160))}")


def diff_markdown(report: dict[str, Any], stat: bool = False) -> str:
    s = report["summary"]
    lines = ["## claimtrack diff", "",
             f"**{s['added']}** added · **{s['removed']}** removed · **{s['modified']}** modified · "
             f"{s['unchanged']} unchanged", ""]
    if stat:
        return "\n".join(lines) + "\n"
    if report["added"] or report["removed"]:
        lines += ["| | document | claim |", "|---|---|---|"]
        for kind, sign in (("added", "➕"), ("removed", "➖")):
            for c in report[kind]:
                lines.append(f"| {sign} | {_md(c['doc']['id'])} | {_md(_claim_line(c))} |")
        lines.append("")
    if report["modified"]:
        lines += ["| document | claim | field | old | new |", "|---|---|---|---|---|"]
        for m in report["modified"]:
            for field, (old, new) in m["changes"].items():
                was, now = _change_markdown(old, new)
                lines.append(f"| {_md(m['new']['doc']['id'])} | {_md(_claim_line(m['new'], 60))} | `{field}` | "
                             f"{was} | {now} |")
        lines.append("")
    for kind in ("gained", "lost"):
        for f in (report.get("conflicts") or {}).get(kind, []):
            lines.append(f"- conflict {kind}: **{f['kind']}** — {_md(shorten(f['explanation'], 200))}")
    return "\n".join(lines) + "\n"


def _gh(s: str) -> str:
    return terminal_safe(s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def diff_github(report: dict[str, Any], stat: bool = False, old_root: str = "", new_root: str = "") -> str:
    """GitHub Actions workflow commands: one annotation per change, on the article's file.
    `old_root`/`new_root`: each side's corpus folder relative to the repository, which a
    document's path (relative to its corpus) is joined to, so the annotation lands on the file."""
    def file(c: dict[str, Any], root: str) -> str:
        return _gh(posixpath.join(root, c["doc"]["path"]) if root else c["doc"]["path"])

    out = []
    for kind, root in (("added", new_root), ("removed", old_root)) if not stat else ():
        for c in report[kind]:
            out.append(f"::warning file={file(c, root)},title=claim {kind}::{_gh(_claim_line(c))}")
    for m in report["modified"] if not stat else ():
        fields = ", ".join(f"{k}: {_change_plain(a, b)}" for k, (a, b) in m["changes"].items())
        out.append(f"::warning file={file(m['new'], new_root)},title=claim modified::"
                   f"{_gh(_claim_line(m['new'], 80) + ' — ' + fields)}")
    s = report["summary"]
    out.append(f"::notice title=claimtrack diff::{s['added']} added, {s['removed']} removed, "
               f"{s['modified']} modified, {s['unchanged']} unchanged")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ the format registry
# Every command's --format choices, -o's extensions and the writers come from here: a new format
# is a writer and a row (CONTRIBUTING.md). "table" is the terminal view, written as JSONL to a file.

EXTENSIONS: dict[str, tuple[str, ...]] = {"jsonl": (".jsonl",), "json": (".json",), "csv": (".csv",),
                                          "markdown": (".md", ".markdown")}


def _json_of(kind: str):
    def write(records: list[dict[str, Any]], out: IO[bytes]) -> int:
        out.write(orjson.dumps({kind: records}, option=orjson.OPT_INDENT_2) + b"\n")
        return len(records)
    return write


GROUP_CSV_COLUMNS = ["id", "frame", "polarity", "actors", "origins", "documents", "languages"]


def _flat_group(g: dict[str, Any]) -> dict[str, Any]:
    return {"id": g["id"], "frame": g["frame"], "polarity": g["polarity"], **{
        k: " | ".join(g[k]) for k in ("actors", "origins", "documents", "languages")}}


def write_groups_markdown(groups: list[dict[str, Any]], out: IO[bytes]) -> int:
    lines = ["| frame | polarity | actors | independent origins | documents | languages |", "|---|---|---|---|---|---|"]
    for g in groups:
        lines.append(f"| {_md(g['frame'])} | {_md(g['polarity'])} | {_md(', '.join(g['actors']))} | "
                     f"{len(g['origins'])}: {_md(', '.join(g['origins']))} | {len(g['documents'])} | "
                     f"{_md(', '.join(g['languages']))} |")
    out.write(("\n".join(lines) + "\n").encode())
    return len(groups)


WRITERS: dict[str, dict[str, Any]] = {
    "claims": {
        "jsonl": write_jsonl,
        "json": write_json,
        "csv": lambda rs, out: write_csv((flat_claim(r) for r in rs), out, CLAIM_CSV_COLUMNS),
        "markdown": write_claims_markdown,
    },
    "conflicts": {
        "jsonl": write_jsonl,
        "json": _json_of("conflicts"),
        "csv": lambda rs, out: write_csv((flat_conflict(r) for r in rs), out, CONFLICT_CSV_COLUMNS),
        "markdown": write_conflicts_markdown,
    },
    "groups": {
        "jsonl": write_jsonl,
        "json": _json_of("groups"),
        "csv": lambda rs, out: write_csv((_flat_group(g) for g in rs), out, GROUP_CSV_COLUMNS),
        "markdown": write_groups_markdown,
    },
}
# diff writes one report, not records: its writers take the report (see cli.diff)
DIFF_FORMATS = ("table", "json", "markdown", "github")


def formats_for(command: str) -> list[str]:
    """The --format choices of a command ("claims", "conflicts", "groups", "diff")."""
    if command == "diff":
        return list(DIFF_FORMATS)
    return ["table", *WRITERS[command]]


def write_records(kind: str, fmt: str, records, out: IO[bytes]) -> int:
    return WRITERS[kind][fmt](records, out)
