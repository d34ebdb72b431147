"""Frames (what a claim is about), polarity and modality, from multilingual trigger lexicons."""
from __future__ import annotations

from dataclasses import dataclass

from ..languages import language
from ..lexicon import Lexicon
from ..models import CueType, MentionSource
from .entities import Mention
from .matching import PhraseMatcher
from .tokens import Tok


@dataclass
class FrameLexicon:
    triggers: PhraseMatcher         # payload: (frame type, needs)
    military: PhraseMatcher
    troops: PhraseMatcher
    help: PhraseMatcher
    negation: PhraseMatcher
    answer_no: PhraseMatcher
    cancel: PhraseMatcher
    hedged: PhraseMatcher
    possible: PhraseMatcher
    doubted: PhraseMatcher
    priority: dict[str, int]
    markers: PhraseMatcher  # every form of the six marker lists: where any of them can start
    relative: frozenset[str]  # relative pronouns: ", which …" starts a clause of its own

    def marker_positions(self, toks: list[Tok], lo: int, hi: int) -> list[int]:
        """Where a negation, hedge or other marker can start in lo..hi (one scan for all of them)."""
        return self.markers.positions(toks, lo, hi)


def build_frame_lexicon(lex: Lexicon, lang: str) -> FrameLexicon:
    trig = PhraseMatcher()
    for ftype, by_lang in lex.triggers.frames.items():
        for item in by_lang.get(lang, []):
            if isinstance(item, str):
                trig.add(item, (ftype, None))
            else:
                trig.add(item["form"], (ftype, item.get("needs")))

    def pm(d: dict) -> PhraseMatcher:
        m = PhraseMatcher()
        for f in d.get(lang, []):
            m.add(f, f)
        return m

    mk = lex.markers
    fl = FrameLexicon(
        triggers=trig, military=pm(lex.triggers.military), troops=pm(lex.triggers.troops), help=pm(lex.triggers.help),
        negation=pm(mk.negation), answer_no=pm(mk.answer_no), cancel=pm(mk.cancel), hedged=pm(mk.hedged),
        possible=pm(mk.possible), doubted=pm(mk.doubted),
        priority={f: i for i, f in enumerate(lex.triggers.priority)},
        markers=pm({lang: [f for d in (mk.negation, mk.answer_no, mk.cancel, mk.hedged, mk.possible, mk.doubted)
                         for f in d.get(lang, [])]}),
        relative=language(lang).words.relative_pronouns,
    )
    return fl


@dataclass
class Trigger:
    type: str
    start: int  # token index
    end: int


def find_triggers(fl: FrameLexicon, toks: list[Tok], lo: int, hi: int, has_weapon: bool) -> list[Trigger]:
    """Triggers in lo..hi; a form with a condition (send + weapons/troops) fires only when it holds."""
    out = []
    cache: dict[str, bool] = {}

    def holds(needs: str | None, e: int) -> bool:
        if needs is None:
            return True
        if needs == "help":
            return fl.help.any_in(toks, e, min(hi, e + 8))
        if needs not in cache:
            m = fl.military if needs == "military" else fl.troops
            cache[needs] = (needs == "military" and has_weapon) or m.any_in(toks, lo, hi)
        return cache[needs]

    after = lo  # matches do not overlap
    for i in fl.triggers.positions(toks, lo, hi):
        if i < after:
            continue
        for e, (ftype, needs) in fl.triggers.matches_at(toks, i, hi):
            if holds(needs, e):
                out.append(Trigger(ftype, i, e))
                after = e
                break
    return out


def main_trigger(fl: FrameLexicon, triggers: list[Trigger]) -> Trigger | None:
    if not triggers:
        return None
    return min(triggers, key=lambda t: (fl.priority.get(t.type, 99), t.start))


def frame_of(main: Trigger | None, mentions: list[Mention], cue_type: str | None, speaker: Mention) -> dict:
    """The event frame of a claim: its type, who acts (agent) and who is acted upon (target)."""
    ents = [m for m in mentions if m.canonical and (
        m.source in (MentionSource.ALIAS, MentionSource.NAME, MentionSource.ROLE, MentionSource.COUNTRY, MentionSource.PRONOUN, MentionSource.ADJECTIVE) or m.kind == "group")]
    if cue_type == CueType.CONDEMN:
        # "Russia has condemned the United States for …": the speech act is the frame
        return {"type": "condemn", "agent": speaker.canonical or None, "target": ents[0].canonical if ents else None}
    if main is None:
        return {"type": "statement"}
    before = [m for m in ents if m.end <= main.start]
    # the clause's subject acts; the first other party named is acted upon
    agent = before[0] if before else None
    agent_name = agent.canonical if agent else None
    target = next((m for m in ents if m is not agent and m.canonical != agent_name), None)
    if main.type in ("condemn", "capability") and agent_name is None and speaker.source != MentionSource.ARTICLE:
        agent_name = speaker.canonical
    return {"type": main.type, "agent": agent_name, "target": target.canonical if target else None}


def polarity_of(fl: FrameLexicon, toks: list[Tok], lo: int, hi: int, anchor: int | None, at: list[int]) -> str:
    """Negative when a negation governs the claim: before its trigger (or anywhere, if none).
    `at`: fl.marker_positions(toks, lo, hi), shared with modality_of."""
    words = [t for t in toks[lo:hi] if t.is_word]
    if len(words) <= 2 and words and fl.answer_no.match_at(toks, lo + toks[lo:hi].index(words[0]), hi):
        return "negative"  # a bare "No." answer
    cancelled: set[int] = set()
    for s, e, _ in fl.cancel.find_all(toks, lo, hi, at):
        cancelled.update(range(s, e))
    # with a trigger, the negation must govern it; without one, only the main clause's head counts
    end = min(hi, lo + 6) if anchor is None else min(hi, anchor + 1)
    start = lo if anchor is None else max(lo, anchor - 8)
    negs = [s for s, e, _ in fl.negation.find_all(toks, start, end, [i for i in at if start <= i < end])
            if s not in cancelled]
    # negative concord ("no one … nothing"): several negators are still one negation
    return "negative" if negs else "positive"


def main_clause_end(fl: FrameLexicon, toks: list[Tok], lo: int, hi: int) -> int:
    """Where a relative clause (', which …') starts: its modality is not the claim's."""
    for k in range(lo + 1, hi - 1):
        if toks[k].text == "," and toks[k + 1].low in fl.relative:
            return k
    return hi


def modality_of(fl: FrameLexicon, toks: list[Tok], lo: int, hi: int, cue_type: str | None, skip: set[int],
                at: list[int]) -> str:
    """Modality of the main clause; `skip` are tokens of date phrases ("May 20" is not "may").
    `at`: fl.marker_positions(toks, lo, hi), shared with polarity_of."""
    hi = main_clause_end(fl, toks, lo, hi)
    at = [i for i in at if i < hi]
    idioms = {k for s, e, _ in fl.cancel.find_all(toks, lo, hi, at) for k in range(s, e)}  # "as soon as possible"

    def has(m: PhraseMatcher) -> bool:
        return any(s not in skip and s not in idioms for s, _, _ in m.find_all(toks, lo, hi, at))

    if cue_type == CueType.DOUBT or has(fl.doubted):
        return "doubted"
    if cue_type == CueType.POSSIBLE or has(fl.possible):
        return "possible"
    if has(fl.hedged):
        return "hedged"
    return "asserted"
