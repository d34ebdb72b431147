"""Coreference: what a pronoun, 'the company' or 'the newspaper' stands for.

One object per document remembers the entities named so far; the extraction driver tells it what
each sentence named (`note`) once the sentence's drafts are kept, and the attribution patterns ask
it what a reference stands for (`resolve`). Nothing else holds document state across sentences.
"""
from __future__ import annotations

from ..languages import Words
from ..models import MentionSource
from .entities import Mention


def _as(m: Mention, target: Mention, source: MentionSource) -> Mention:
    """m's span and text, standing for target."""
    return Mention(m.start, m.end, m.text, target.canonical, target.kind, target.affiliation, source,
                   target.actor, target.number)


class Coreference:
    def __init__(self, words: Words, article: Mention):
        self.w = words
        self.article = article                      # the article's own voice (its outlet)
        self.last_person: Mention | None = None     # last person speaker
        self.last_person_mention: Mention | None = None
        self.last_group: Mention | None = None
        self.last_media: Mention | None = None
        self.last_org: Mention | None = None
        self.last_speaker: Mention | None = None

    def note(self, m: Mention, as_speaker: bool) -> None:
        """Remember m as the latest antecedent of its kind (speakers also for 'he said')."""
        if m.kind == "person":
            self.last_person_mention = m
            if as_speaker:
                self.last_person = m
        if m.kind == "media":
            self.last_media = m
        if m.kind in ("organisation", "government") and m.source != MentionSource.ORG_REF:
            self.last_org = m
        if as_speaker:
            if m.kind == "group" or m.number == "pl":
                self.last_group = m
            self.last_speaker = m

    def resolve(self, m: Mention, sentence: list[Mention]) -> Mention:
        """A speaker's pronoun or outlet reference -> the entity it stands for; sentence holds the
        mentions of m's sentence (an antecedent there comes first)."""
        if m.source == MentionSource.PRONOUN:
            near = self._antecedent_in_sentence(sentence, m)
            if near is not None:  # "Maduro signed what he called …": he is Maduro
                return _as(m, near, "pronoun")
            if m.number == "pl":
                target = self.last_group or self.last_speaker
            elif m.text.lower() in self.w.latter:
                target = self.last_person_mention or self.last_person
            else:
                target = self.last_person or self.last_person_mention
            if target is None:
                return Mention(m.start, m.end, m.text, m.text, "unknown", None, MentionSource.PRONOUN)
            return _as(m, target, "pronoun")
        if m.source == MentionSource.GROUP:
            return self._same_group(m)
        if m.source == MentionSource.ORG_REF:
            if self.last_org is None:
                return Mention(m.start, m.end, m.text, m.text, "organisation", None, MentionSource.ORG_REF)
            o = self.last_org
            return Mention(m.start, m.end, m.text, o.canonical, o.kind, o.affiliation, MentionSource.ORG_REF, o.actor)
        if m.source == MentionSource.MEDIA_REF:
            if self.last_media is None:  # "the newspaper" with no outlet named yet: the article's own
                a = self.article
                return Mention(m.start, m.end, m.text, a.canonical, "media", a.affiliation, MentionSource.MEDIA_REF)
            t = self.last_media
            return Mention(m.start, m.end, m.text, t.canonical, "media", t.affiliation, MentionSource.MEDIA_REF, t.actor)
        return m

    def arguments(self, mentions: list[Mention]) -> list[Mention]:
        """A sentence's mentions as event arguments: a pronoun stands for the nearest person or group
        before it in the sentence, else the last one mentioned (not only speakers)."""
        out: list[Mention] = []
        person = group = None
        for m in mentions:
            if m.source == MentionSource.PRONOUN:
                near = group if m.number == "pl" else person
                out.append(_as(m, near, "pronoun") if near is not None else self._argument(m))
                continue
            out.append(m)
            if m.kind == "person":
                person = m
            elif m.kind == "group":
                group = m
        return out

    def _argument(self, m: Mention) -> Mention:
        target = self.last_group if m.number == "pl" else self.last_person_mention
        if target is None:
            return Mention(m.start, m.end, m.text, "", "unknown", None, MentionSource.PRONOUN)
        return _as(m, target, "pronoun")

    def _same_group(self, m: Mention) -> Mention:
        """'officials' after 'officials in Venezuela': the same group."""
        g = self.last_group
        if m.affiliation is None and g is not None and g.source in (MentionSource.GROUP, MentionSource.PRONOUN) and g.affiliation \
                and g.canonical.lower().split()[0] == m.text.lower().split()[-1]:
            return Mention(m.start, m.end, m.text, g.canonical, g.kind, g.affiliation, MentionSource.GROUP, number=g.number)
        return m

    def _antecedent_in_sentence(self, sentence: list[Mention], m: Mention) -> Mention | None:
        if m.text.lower() in self.w.latter:
            return None
        kinds = ("group",) if m.number == "pl" else ("person",)
        before = [x for x in sentence if x.end <= m.start and x.kind in kinds and x.source != MentionSource.PRONOUN]
        return before[-1] if before else None
