"""Keyword handling shared by both search backends: normalising, stemming, synonyms, typos.

Services keep a ``search_text`` of stemmed tokens (" behaviour chang programm "). A query becomes
a list of *groups*; a service matches when every group matches, and a group matches when any of
its alternatives (a phrase of stems) appears, each stem matching the start of a token. The
database backend runs that as SQL (LIKE on SQLite, a tsquery on PostgreSQL) and the Elasticsearch
backend as a bool query, so both give the same answer for the same words.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

_NON_WORD = re.compile(r"[^a-z0-9]+")
STOPWORDS = frozenset(
    "a an and are as at be by for from i in is it me my near of on or our the to with".split())
MAX_TERMS = 8

# The sector's words: a key (normalised phrase) and what else it may be written as.
SYNONYMS: dict[str, list[str]] = {
    "dvpp": ["domestic violence perpetrator programme", "behaviour change"],
    "dapp": ["domestic abuse perpetrator panel", "domestic abuse perpetrator programme"],
    "idva": ["independent domestic violence advisor", "independent domestic violence adviser",
             "victim survivor support"],
    "matac": ["multi agency tasking and coordination"],
    "marac": ["multi agency risk assessment conference"],
    "behaviour change": ["behavior change", "dvpp", "perpetrator programme"],
    "behavior change": ["behaviour change", "dvpp", "perpetrator programme"],
    "anger": ["behaviour change", "perpetrator programme", "abusive behaviour"],
    "anger management": ["behaviour change", "perpetrator programme", "abusive behaviour"],
    "abuser": ["perpetrator"],
    "perpetrator programme": ["dvpp", "behaviour change"],
    "young people": ["young person", "youth", "teenager", "adolescent"],
    "helpline": ["phone line", "webchat"],
}

# Words people type that every directory listing should know, whatever the data holds.
BASE_VOCABULARY = frozenset(
    "abuse abusive anger behaviour change children domestic family helpline housing idva "
    "perpetrator programme referral risk service support violence victim survivor webchat young "
    "drive marac matac dapp dvpp group".split())


def fold(text: str) -> str:
    """Lower case, accents removed, every run of non-alphanumerics made one space."""
    text = str(text).casefold()
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", text).strip()


@functools.lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """A deliberately small English stemmer: enough that plurals and -ing forms meet."""
    for suffix in ("ing", "ies", "es", "ed", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            return base + "y" if suffix == "ies" else base
    return word


def stems(text: str) -> list[str]:
    return [stem(w) for w in fold(text).split()]


def normalise_text(text: str) -> str:
    """The stored form of a service's searchable text: " stem stem ... " (spaces at both ends)."""
    return " " + " ".join(stems(text)) + " "


@dataclass(frozen=True)
class KeywordQuery:
    """A parsed keyword query. ``groups``: every group must match; a group is alternative
    phrases, each phrase a tuple of stems. ``corrections`` maps what was typed to what was used."""

    groups: tuple[tuple[tuple[str, ...], ...], ...]
    corrections: tuple[tuple[str, str], ...] = ()

    def __bool__(self):
        return bool(self.groups)


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(stems(text))


def parse_keywords(text: str, vocabulary: frozenset[str] | set[str] = frozenset()) -> KeywordQuery:
    """Turn what someone typed into groups, expanding synonyms and correcting typos.

    ``vocabulary`` is the set of stems present in the data; unknown words are replaced by the
    closest known stem (difflib ratio >= 0.8), so "perpatrator" finds "perpetrator".
    """
    words = [w for w in fold(text or "").split() if w not in STOPWORDS][:MAX_TERMS]
    known = set(vocabulary) | {stem(w) for w in BASE_VOCABULARY}
    for key, alternatives in SYNONYMS.items():
        known.update(_phrase(key))
        for alt in alternatives:
            known.update(_phrase(alt))
    groups: list[tuple[tuple[str, ...], ...]] = []
    corrections: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        # Longest synonym key starting here (two words, then one).
        for size in (2, 1):
            key = " ".join(words[i:i + size])
            if len(words[i:i + size]) == size and key in SYNONYMS:
                alts = [_phrase(key)] + [_phrase(a) for a in SYNONYMS[key]]
                groups.append(tuple(dict.fromkeys(alts)))
                i += size
                break
        else:
            word = words[i]
            token = stem(word)
            if token not in known and not any(k.startswith(token) for k in known) and len(token) >= 4:
                match = difflib.get_close_matches(token, known, n=1, cutoff=0.8)
                if match:
                    corrections.append((word, match[0]))
                    token = match[0]
                    # A corrected word may itself be a synonym key.
                    for key, alternatives in SYNONYMS.items():
                        if _phrase(key) == (token,):
                            groups.append(tuple(dict.fromkeys(
                                [(token,)] + [_phrase(a) for a in alternatives])))
                            break
                    else:
                        groups.append(((token,),))
                    i += 1
                    continue
            groups.append(((token,),))
            i += 1
    return KeywordQuery(tuple(groups), tuple(corrections))


def matches(search_text: str, query: KeywordQuery) -> bool:
    """Plain-Python reference semantics of a keyword query (used by tests and the bench)."""
    return all(any(f" {' '.join(phrase)}" in search_text for phrase in group) for group in query.groups)
