"""Command line: a thin layer over the library (pipeline, store, reconcile, diff, render).

Exit codes (all commands): 0 success; 1 some input documents were skipped (extract), findings
of a --fail-on kind (conflicts), differences (diff); 2 usage error, unreadable input or nothing
readable, store or lexicon error.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import signal
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, get_args

import click
import orjson
from rich.console import Console

from . import __version__
from .lexicon import LexiconError, load_lexicon, user_lexicon_dirs
from .models import Claim, ConflictKind, Modality
from .render import escape_for_terminal, formats_for
from .store import ClaimSetError, OutputError, StdoutError, Store, StoreError, atomic_output, default_store_path, read_claim_set

EXIT_OK, EXIT_SOME, EXIT_TROUBLE = 0, 1, 2


def _stdout_tty() -> bool:
    return sys.stdout.isatty()


def _err_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def _out_console() -> Console:
    return Console(highlight=False)


class Ctx:
    def __init__(self, store: str, lexicons: tuple[str, ...], quiet: bool):
        self.store_path = store
        self.lexicon_dirs = lexicons
        self.quiet = quiet
        self._scratch: tempfile.TemporaryDirectory | None = None
        self._scratch_count = 0

    def lexicon(self):
        return load_lexicon(user_lexicon_dirs(self.lexicon_dirs))

    def scratch_store(self) -> Store:
        """A store for this command only (--no-store, corpus folders given to diff or conflicts): a
        file in a temporary folder removed when the command ends, so that a large corpus's claims
        are on disk, not in memory."""
        if self._scratch is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="claimtrack-")
            click.get_current_context().call_on_close(self._scratch.cleanup)
        self._scratch_count += 1
        return Store(os.path.join(self._scratch.name, f"claims-{self._scratch_count}.db"), durable=False)


def fail(msg: str, code: int = EXIT_TROUBLE) -> None:
    from rich.markup import escape

    _err_console().print(f"[bold red]error:[/] {escape(msg)}")
    sys.exit(code)


def _parse_date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=name) from None


def _iso(value: str | None, name: str) -> str | None:
    """A --since/--until value as YYYY-MM-DD (claims' dates compare as ISO strings)."""
    d = _parse_date(value, name)
    return d.isoformat() if d else None


def _store_option(group: bool):
    return click.option("--store", "store", default=default_store_path if group else None,
                        show_default=".claimtrack/claims.db" if group else False,
                        envvar="CLAIMTRACK_STORE" if group else None,
                        help="Claim store (SQLite). Env: CLAIMTRACK_STORE.",
                        expose_value=group, callback=None if group else _set_obj("store_path"))


def _lexicon_option(group: bool):
    return click.option("--lexicon", "lexicons", multiple=True, type=click.Path(file_okay=False),
                        help="Extra lexicon folder (actors.json, weapons.json, cues.json, …) extending the "
                             "built-in ones; repeatable. Env: CLAIMTRACK_LEXICONS.",
                        expose_value=group, callback=None if group else _set_obj("lexicon_dirs", extend=True))


def _quiet_option(group: bool):
    return click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary on stderr.",
                        expose_value=group, callback=None if group else _set_obj("quiet"))


SHARED_OPTIONS = (_store_option, _lexicon_option, _quiet_option)
"""The options of every command, taken before or after the subcommand's name (`claimtrack --store
s.db claims` and `claimtrack claims --store s.db`): one definition each, for the group and for
the subcommands, where a value given after the name overrides (or, for --lexicon, adds to) it."""


def _set_obj(attr: str, extend: bool = False):
    def set_value(ctx: click.Context, param: click.Parameter, value: Any) -> None:
        if value in (None, (), False):
            return
        obj = ctx.find_object(Ctx)
        setattr(obj, attr, tuple(getattr(obj, attr)) + tuple(value) if extend else value)
    return set_value


def shared_options(f):
    for option in reversed(SHARED_OPTIONS):
        f = option(False)(f)
    return f


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="claimtrack")
@_store_option(True)
@_lexicon_option(True)
@_quiet_option(True)
@click.pass_context
def main(ctx: click.Context, store: str, lexicons: tuple[str, ...], quiet: bool) -> None:
    """Attributed, dated claims from news corpora in English, Ukrainian and Russian.

    \b
    claimtrack extract seeds/            extract a folder into the store
    claimtrack claims --actor Russia     list stored claims
    claimtrack conflicts --actor Russia  contradictions and disputes
    claimtrack diff OLD NEW              what changed between two claim sets (for CI)

    Exit codes: 0 success; 1 skipped documents (extract), findings (conflicts --fail-on),
    differences (diff); 2 usage error, unreadable input, store or lexicon error.
    """
    ctx.obj = Ctx(store, lexicons, quiet)


# ------------------------------------------------------------------------ extract

def run_extraction(c: Ctx, paths: tuple[str, ...], store: Store | None, published: dt.date | None, jobs: int,
                   strict: bool, max_chars: int, show_progress: bool):
    """Extract into `store` (None: the command's --store), with a progress bar on a terminal."""
    from .pipeline import StrictFailure, extract_corpus

    err = _err_console()
    progress = None
    bar = None
    if show_progress and err.is_terminal and not c.quiet:
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

        bar = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                       TextColumn("eta"), TimeRemainingColumn(), TextColumn("{task.fields[current]}"),
                       console=err, transient=True)
        task = bar.add_task("extract", total=None, current="")
        bar.start()
        progress = lambda n: bar.advance(task, n)  # noqa: E731
        total = lambda n: bar.update(task, total=n)  # noqa: E731

        def within(doc_id: str, done: int, length: int) -> None:  # a long document's own share
            bar.update(task, current="" if done >= length else f"{escape_for_terminal(doc_id)[:40]} {done * 100 // length}%")
    else:
        within = total = None
    try:
        return extract_corpus(list(paths), store_path=c.store_path, lexicon_dirs=c.lexicon_dirs, published=published,
                              jobs=jobs, max_chars=max_chars, strict=strict, progress=progress, store=store,
                              within=within, announce=lambda p: _report_problems([p]), on_total=total)
    except StrictFailure as e:
        _report_problems(e.report.unannounced())
        fail(str(e))
    except (StoreError, LexiconError) as e:
        fail(str(e))
    finally:
        if bar is not None:
            bar.stop()
    return None


def _report_problems(problems) -> None:
    for p in problems:
        click.echo(f"{'warning' if not p.skipped else 'skipped'}: {p}", err=True)


@main.command()
@shared_options
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(formats_for("claims")), default=None,
              help="Output format [default: table on a terminal, jsonl when piped or with -o].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default=None,
              help="Write the claim set to FILE (written whole or not at all); '-' for stdout.")
@click.option("--published", default=None, help="Publication date (YYYY-MM-DD) for every document of this run.")
@click.option("-j", "--jobs", type=click.IntRange(0, 64), default=0,
              help="Worker processes. Default 0: every core for corpora of 200 files or 1 MB or more, else one.")
@click.option("--strict", is_flag=True, help="Any skipped document is a failure: exit 2, nothing stored.")
@click.option("--no-store", is_flag=True, help="Do not save into the claim store.")
@click.option("--max-chars", type=click.IntRange(1000), default=2_000_000, show_default=True,
              help="Per-document size limit; longer documents are cut with a warning.")
@click.option("--limit", type=click.IntRange(min=1), default=200, show_default=True, help="Rows shown in the terminal table.")
@click.pass_obj
def extract(c: Ctx, paths, fmt, output, published, jobs, strict, no_store, max_chars, limit) -> None:
    """Extract claims from articles: folders (walked recursively), files, or '-' for stdin.

    Reads .txt/.md (optional front matter: title, outlet, published, language, url), .json (an
    article object or a list) and .jsonl (one article a line) with a 'text' field. Saves the claim
    set in the store (one transaction; unchanged files are not read again) and prints it.

    Exit status: 0 all read, 1 some documents skipped, 2 usage error or nothing readable.
    """
    pub = _parse_date(published, "--published")
    result = run_extraction(c, paths, c.scratch_store() if no_store else None, pub, jobs, strict, max_chars, True)
    report = result.report
    _report_problems(report.unannounced())
    fmt = _choose_format(fmt, output)
    if fmt == "jsonl" and not (_stdout_tty() and output in (None, "-")) or fmt == "jsonl" and output:
        with atomic_output(output, binary=True) as out:  # stored bytes as they are: no re-encoding
            for body in result.claim_bytes():
                out.write(body + b"\n")
    else:
        _write_claims(result.claims(), fmt, output, limit)
    if not c.quiet:
        reused = f" ({result.reused} unchanged, not re-read)" if result.reused else ""
        click.echo(f"{result.documents} documents{reused}, {result.claims_count} claims, "
                   f"{len(report.skipped)} skipped", err=True)
    if result.documents == 0:
        fail("no readable documents", EXIT_TROUBLE)
    sys.exit(EXIT_SOME if report.skipped else EXIT_OK)


def _choose_format(fmt: str | None, output: str | None, command: str = "claims", piped: str = "jsonl") -> str:
    from .render import output_format

    try:
        return output_format(fmt, output, _stdout_tty() and output in (None, "-"), command, piped)
    except ValueError as e:
        raise click.UsageError(str(e)) from None


def _write_claims(records: Iterable[dict[str, Any]], fmt: str, output: str | None, limit: int = 200) -> int:
    from . import render

    if fmt == "table" and output in (None, "-"):
        return render.claims_table(records, _out_console(), limit)
    with atomic_output(output, binary=True) as out:
        return render.write_records("claims", "jsonl" if fmt == "table" else fmt, records, out)


# ------------------------------------------------------------------------ claims

def _open_store(c: Ctx) -> Store:
    try:
        return Store(c.store_path, create=False, read_only=True)
    except StoreError as e:
        fail(str(e))
    raise AssertionError


KINDS = list(get_args(ConflictKind))
MODALITIES = list(get_args(Modality))


def _choices(value: str | None, allowed: list[str], name: str) -> set[str]:
    got = {v.strip() for v in (value or "").split(",") if v.strip()}
    if got - set(allowed):
        raise click.BadParameter(f"unknown {', '.join(sorted(got - set(allowed)))}; choose from {', '.join(allowed)}",
                                 param_hint=name)
    return got


@main.command()
@shared_options
@click.option("--actor", help="Speaker or frame argument, directly or through affiliation (Russia -> Lavrov).")
@click.option("--speaker", help="Speaker name (substring of canonical or written name).")
@click.option("--weapon", help="Weapon system (substring of its canonical name).")
@click.option("--doc", help="Document id (substring).")
@click.option("--since", help="Said on or after YYYY-MM-DD.")
@click.option("--until", help="Said on or before YYYY-MM-DD.")
@click.option("--modality", "modalities", default=None,
              help=f"Comma-separated modalities to keep: {', '.join(MODALITIES)} (no_comment: 'declined to comment').")
@click.option("--format", "fmt", type=click.Choice(formats_for("claims")), default=None,
              help="Output format [default: table on a terminal, jsonl when piped].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default=None, help="Write to FILE.")
@click.option("--limit", type=click.IntRange(min=1), default=200, show_default=True, help="Rows shown in the terminal table.")
@click.pass_obj
def claims(c: Ctx, actor, speaker, weapon, doc, since, until, modalities, fmt, output, limit) -> None:
    """List the claims in the store, filtered."""
    from .filters import ClaimFilter

    since, until = _iso(since, "--since"), _iso(until, "--until")
    st = _open_store(c)
    try:
        flt = ClaimFilter(c.lexicon(), actor=actor, speaker=speaker, weapon=weapon, doc=doc, since=since, until=until,
                          modalities=_choices(modalities, MODALITIES, "--modality"))
    except LexiconError as e:
        fail(str(e))
    n = _write_claims((r for r in st.iter_claims() if flt(r)), _choose_format(fmt, output), output, limit)
    if not c.quiet:
        click.echo(f"{n} claims", err=True)


# ------------------------------------------------------------------------ schema

@main.command()
@shared_options
@click.option("--record", type=click.Choice(["claim", "conflict", "diff"]), default="claim", show_default=True,
              help="Which record's schema.")
def schema(record: str) -> None:
    """Print the JSON Schema of a claim (or conflict, diff) record."""
    from .models import Conflict

    if record == "claim":
        data = Claim.model_json_schema()
    elif record == "conflict":
        data = Conflict.model_json_schema()
    else:
        from .diff import DiffReport

        data = DiffReport.model_json_schema()
    click.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode())


# ------------------------------------------------------------------------ loading claim sets

def load_claims_arg(c: Ctx, source: str | None, jobs: int = 1) -> list[dict[str, Any]]:
    """Claims from a claim-set file, a corpus folder (extracted on the fly), '-' or the store."""
    return list(iter_claims_arg(c, source, jobs))


def iter_claims_arg(c: Ctx, source: str | None, jobs: int = 1) -> Iterable[dict[str, Any]]:
    """Like load_claims_arg, streamed: the store and JSONL files are never held in memory whole."""
    if source is None:
        return _open_store(c).iter_claims()
    if source != "-" and not os.path.exists(source):
        fail(f"{source}: no such file or folder")
    if _is_corpus_side(source):
        result = run_extraction(c, (source,), c.scratch_store(), None, jobs, False, 2_000_000, False)
        _report_problems(result.report.unannounced())
        if result.documents == 0:
            fail(f"{source}: no readable documents", EXIT_TROUBLE)  # as extract: an empty corpus is trouble
        return result.claims()
    return _guarded(read_claim_set(source))


def _is_corpus_side(source: str) -> bool:
    """Articles to extract (a folder, a text file, a feed of articles), not a claim set or stdin."""
    from .load import holds_articles

    return source != "-" and (os.path.isdir(source) or source.endswith((".txt", ".md")) or
                              source.endswith((".json", ".jsonl")) and holds_articles(source))


def _guarded(claims: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    try:
        yield from claims
    except ClaimSetError as e:
        fail(str(e))


# ------------------------------------------------------------------------ conflicts

@main.command()
@shared_options
@click.argument("source", required=False)
@click.option("--actor", help="Keep findings where either side involves this actor (through affiliation).")
@click.option("--weapon", help="Keep findings where either claim names this weapon system.")
@click.option("--kind", "kinds", help=f"Comma-separated kinds: {', '.join(KINDS)}.")
@click.option("--since", help="Keep findings with a claim said on or after YYYY-MM-DD.")
@click.option("--until", help="Keep findings with a claim said on or before YYYY-MM-DD.")
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.0, show_default=True)
@click.option("--corroboration", is_flag=True, help="Show corroboration groups (independent origins) instead.")
@click.option("--format", "fmt", type=click.Choice(formats_for("conflicts")), default=None,
              help="Output format [default: a rich view on a terminal, json when piped].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default=None, help="Write to FILE.")
@click.option("--fail-on", "fail_on", help="Exit 1 when findings of these kinds exist (comma-separated).")
@click.pass_obj
def conflicts(c: Ctx, source, actor, weapon, kinds, since, until, min_score, corroboration, fmt, output,
              fail_on) -> None:
    """Contradictions, disputes, quantity mismatches and supersessions between claims.

    SOURCE is a claim-set file (JSONL/JSON), a corpus folder (extracted on the fly, not stored) or
    '-' for stdin; without it the store is read. Exit 0 whether or not findings exist, unless
    --fail-on names a kind that was found (exit 1).
    """
    from .filters import ClaimFilter
    from .reconcile import reconcile

    want = _choices(kinds, KINDS, "--kind")
    failing = _choices(fail_on, KINDS, "--fail-on")
    since, until = _iso(since, "--since"), _iso(until, "--until")
    if corroboration and (want or failing or min_score):
        raise click.UsageError("--kind, --fail-on and --min-score apply to findings, not to --corroboration")
    try:
        lex = c.lexicon()
    except LexiconError as e:
        fail(str(e))
    result = reconcile(iter_claims_arg(c, source), lex)
    if corroboration:
        records = [g.model_dump(mode="json") for g in result.groups]
        flt = ClaimFilter(lex, actor=actor, weapon=weapon)
        records = [g for g in records if not (actor or weapon) or any(flt(x) for x in g["claims"])]
        _write_records(records, _choose_format(fmt, output, "groups", "json"), output, kind="groups")
        return
    flt = ClaimFilter(lex, actor=actor, weapon=weapon)
    findings = []
    for f in result.conflicts:
        d = f.model_dump(mode="json")
        if want and d["kind"] not in want or d["score"] < min_score:
            continue
        if (actor or weapon) and not (flt(d["a"]) or flt(d["b"])):
            continue
        dates = [x for x in ((d["a"].get("said_on") or {}).get("date"), (d["b"].get("said_on") or {}).get("date")) if x]
        if since and not any(x >= since for x in dates) or until and not any(x <= until for x in dates):
            continue
        findings.append(d)
    _write_records(findings, _choose_format(fmt, output, "conflicts", "json"), output, kind="conflicts")
    if not c.quiet:
        click.echo(f"{len(findings)} findings", err=True)
    if failing and any(f["kind"] in failing for f in findings):
        sys.exit(EXIT_SOME)


def _write_records(records: list[dict[str, Any]], fmt: str, output: str | None, kind: str) -> None:
    from . import render

    if fmt == "table" and output in (None, "-"):
        if kind == "conflicts":
            render.conflicts_view(records, _out_console())
        else:
            _groups_view(records)
        return
    with atomic_output(output, binary=True) as out:
        render.write_records(kind, "jsonl" if fmt == "table" else fmt, records, out)


def _groups_view(groups: list[dict[str, Any]]) -> None:
    from rich.table import Table

    t = Table(title="Corroboration groups")
    for col in ("frame", "polarity", "actors", "independent origins", "documents", "languages"):
        t.add_column(col)
    for g in groups:
        t.add_row(g["frame"], g["polarity"], escape_for_terminal(", ".join(g["actors"])),
                  escape_for_terminal(f"{len(g['origins'])}: {', '.join(g['origins'])}"),
                  str(len(g["documents"])), ", ".join(g["languages"]))
    _out_console().print(t)


# ------------------------------------------------------------------------ diff

@main.command()
@shared_options
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(formats_for("diff")), default=None,
              help="Output format [default: a readable summary on a terminal, json when piped].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default=None, help="Write to FILE.")
@click.option("--ignore", "ignore", multiple=True,
              help="Field path(s) to ignore, e.g. said_on.text or evidence (repeatable, or comma-separated).")
@click.option("--stat", is_flag=True, help="Only the counts.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are differences (report only).")
@click.option("--fail-on", "fail_on", default="added,removed,modified", show_default=True,
              help="Which kinds of difference make the exit status 1.")
@click.option("--conflicts", "with_conflicts", is_flag=True, help="Also report conflicts the new side gains or loses.")
@click.option("-j", "--jobs", type=click.IntRange(0, 64), default=0,
              help="Workers when a side is a corpus folder (0: as for extract).")
@click.pass_obj
def diff(c: Ctx, old, new, fmt, output, ignore, stat, exit_zero, fail_on, with_conflicts, jobs) -> None:
    """Differences between two claim sets: OLD and NEW are claim-set files (JSONL/JSON), corpus
    folders (extracted on the fly with the same settings) or '-' for stdin.

    Exit status as GNU diff: 0 no differences, 1 differences (of a --fail-on kind), 2 trouble.
    """
    from . import render
    from .diff import KINDS, conflict_changes, diff_claim_sets, diff_claim_streams, dump_report, failing_kinds

    if old == "-" and new == "-":
        raise click.UsageError("only one side can be '-'")
    kinds = {k.strip() for k in fail_on.split(",") if k.strip()}
    if kinds - set(KINDS):
        raise click.BadParameter(f"choose from {', '.join(KINDS)}", param_hint="--fail-on")
    ignored = [i.strip() for item in ignore for i in item.split(",") if i.strip()]
    if with_conflicts:  # reconciling needs both claim sets whole
        old_claims = load_claims_arg(c, old, jobs)
        new_claims = load_claims_arg(c, new, jobs)
        report = diff_claim_sets(old_claims, new_claims, ignored)
        try:
            report.conflicts = conflict_changes(old_claims, new_claims, c.lexicon())
        except LexiconError as e:
            fail(str(e))
    else:
        try:
            report = diff_claim_streams(iter_claims_arg(c, old, jobs), iter_claims_arg(c, new, jobs), ignored)
        except OSError as e:
            fail(f"cannot spool the claim sets to a temporary folder: {e}")
    data = report.model_dump(mode="json")
    fmt = _choose_format(fmt, output, "diff", "json")
    if fmt == "table" and output not in (None, "-"):
        fmt = "markdown"  # a readable file
    if fmt == "table":
        render.diff_view(data, _out_console(), stat)
    else:
        with atomic_output(output, binary=True) as out:
            if fmt == "json":
                out.write(orjson.dumps({"version": data["version"], "summary": data["summary"]}, option=orjson.OPT_INDENT_2)
                          + b"\n" if stat else dump_report(report))
            elif fmt == "markdown":
                out.write(render.diff_markdown(data, stat).encode())
            else:
                out.write(render.diff_github(data, stat, *_github_roots(old, new)).encode())
    gained = bool(with_conflicts and report.conflicts and (report.conflicts["gained"] or report.conflicts["lost"]))
    differs = failing_kinds(report, kinds) or gained
    sys.exit(EXIT_OK if exit_zero or not differs else EXIT_SOME)


def _github_roots(old: str, new: str) -> tuple[str, str]:
    """Each side's corpus folder as a path from the repository's top; a claim-set side (whose
    paths are as stored) takes the other side's: its documents are that corpus's files."""
    ro, rn = _repo_relative_root(old), _repo_relative_root(new)
    return (ro if ro is not None else rn) or "", (rn if rn is not None else ro) or ""


def _repo_relative_root(side: str) -> str | None:
    """The folder a side's document paths are relative to, as a path from the repository's top
    ($GITHUB_WORKSPACE, else the nearest folder above with .git, else the working folder); None
    for a claim set or stdin."""
    if not _is_corpus_side(side):
        return None
    folder = os.path.realpath(side if os.path.isdir(side) else os.path.dirname(side) or ".")
    top = os.environ.get("GITHUB_WORKSPACE") or next(
        (str(p) for p in (Path.cwd(), *Path.cwd().parents) if (p / ".git").exists()), os.getcwd())
    rel = os.path.relpath(folder, os.path.realpath(top))
    return "" if rel == "." or rel.startswith("..") else Path(rel).as_posix()  # outside: as stored


_OUTPUT_ERRNOS = {errno.EPIPE, errno.ENOSPC, errno.EFBIG, errno.EIO, errno.EDQUOT}


def _detach_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush of output that could not be
    written does not add a second message after ours."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled as Ctrl-C is: the run stops, its transaction is rolled back."""


def _raise_terminated(signum: int, frame: Any) -> None:
    raise Terminated()


def _stop_on_signal(e: BaseException) -> None:
    """Ctrl-C or SIGTERM: one line and the shell's exit code (128 + the signal). A store write
    under way is rolled back, so the store holds the old claim set."""
    cause = e.__context__ if isinstance(e, click.exceptions.Abort) else e  # click wraps Ctrl-C in Abort
    if isinstance(cause, Terminated):
        click.echo("Terminated.", err=True)
        sys.exit(128 + signal.SIGTERM)
    click.echo("Interrupted.", err=True)
    sys.exit(128 + signal.SIGINT)


def entry() -> None:
    """Console script: input and output problems end with a message, never a traceback."""
    signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        main(standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt) as e:
        _stop_on_signal(e)
    except click.ClickException as e:
        e.show()
        sys.exit(EXIT_TROUBLE if e.exit_code == 2 else e.exit_code)
    except StdoutError as e:
        _detach_stdout()
        fail(str(e))
    except (OutputError, StoreError, LexiconError, ClaimSetError) as e:
        fail(str(e))
    except OSError as e:
        if e.errno not in _OUTPUT_ERRNOS:
            raise
        _detach_stdout()  # a rich table written to a closed pipe or a full disk
        fail(f"stdout: cannot write: {e.strerror}")
    except SystemExit:
        raise
