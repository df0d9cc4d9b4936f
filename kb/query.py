"""From what a customer typed to what search looks for (pure Python, no Django).

A query is split at spaces into terms. A term typed without spaces
(「パソコン買い替え」, 「容量がいっぱい」) is split again at the words the site
knows (the ``Vocabulary``): the customer vocabulary (synonym groups, edited in
the admin) and the words of the articles' titles, summaries and headings. The
longest known word wins. What is left between known words is cut where the
script changes (Latin, katakana, kanji with hiragana); hiragana on their own
(が, を, たい…) are particles and endings and are left out, as are the
hiragana that end or begin a kanji word (見れない → 見).

Every word that remains is a ``Concept``: all forms of its synonym groups for
a known word, the word itself otherwise. An article must have every concept.

``Vocabulary.suggest`` proposes a corrected query (「もしかして」) from the
same vocabulary: edit distance on Latin letters, and on kana where a missing
or extra ー, a dakuten or a small kana (ツ/ッ) costs half.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .search import compact, fold_kana, normalize, split_terms
from .spelling import allowed_distance, could_be_within, distance


@dataclass(frozen=True)
class Concept:
    typed: str  # the word as typed (compact), for notices
    forms: tuple[str, ...]  # normalised forms, any of which matches; the typed one first
    known: bool  # in the vocabulary
    common: bool = False  # in most articles' titles and summaries (メール): ranks lower


@dataclass(frozen=True)
class SearchPlan:
    concepts: tuple[Concept, ...] = ()
    dropped: tuple[str, ...] = ()  # unknown words left out (``relaxed``)

    @classmethod
    def literal(cls, query: str) -> SearchPlan:
        """Every term as it is: no vocabulary, no synonyms."""
        concepts = [Concept(term, (normalize(term),), False) for term in split_terms(query)]
        return cls(tuple(c for c in concepts if searchable(c.forms[0])))

    @property
    def forms(self) -> tuple[str, ...]:
        """Every form of every concept, for highlighting."""
        return tuple(dict.fromkeys(form for concept in self.concepts for form in concept.forms))

    def relaxed(self) -> SearchPlan | None:
        """The plan without its unknown words, when it has known ones too."""
        known = tuple(c for c in self.concepts if c.known)
        if not known or len(known) == len(self.concepts):
            return None
        return SearchPlan(known, tuple(c.typed for c in self.concepts if not c.known))


def searchable(form: str) -> bool:
    """A word with at least one letter or digit (「@」 alone finds nothing)."""
    return any(unicodedata.category(char)[0] in "LN" for char in form)


# Character classes of a term (before kana folding).
LATIN, KATAKANA, KANJI, HIRAGANA, OTHER = "latin", "katakana", "kanji", "hiragana", "other"
PARTICLES = frozenset("がをにはでとのもへや")


def char_class(char: str) -> str:
    if "\u3041" <= char <= "\u309f":
        return HIRAGANA
    if "\u30a1" <= char <= "\u30ff":
        return KATAKANA
    if char in "々〆" or "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf":
        return KANJI
    if unicodedata.category(char)[0] in "LN":
        return LATIN
    return OTHER


def _classes(term: str) -> list[str]:
    """Each character's class; ー takes the class of the character before it."""
    classes: list[str] = []
    for char in term:
        if char == "ー" and classes:
            classes.append(classes[-1])
        else:
            classes.append(char_class(char))
    return classes


def _is_latin_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # "known", "unknown" or "dropped"


_KATAKANA_WORD = re.compile(r"[ァ-ヺ][ァ-ヺー]+")
_KANJI_WORD = re.compile(r"[\u4e00-\u9fff々]{2,}")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+]{2,}")
# Kanji and katakana written together: 共有アドレス, 迷惑メール, 送信サーバー.
_COMPOUND = re.compile(
    r"(?:[\u4e00-\u9fff々]+[ァ-ヺー]+|[ァ-ヺ][ァ-ヺー]*[\u4e00-\u9fff々]+)[\u4e00-\u9fff々ァ-ヺー]*"
)


def article_words(texts: Iterable[str]) -> list[str]:
    """Katakana, kanji and Latin words of the given texts and their kanji–katakana
    compounds, first occurrence first."""
    words: dict[str, None] = {}
    for text in texts:
        text = unicodedata.normalize("NFKC", text or "")
        for pattern in (_KATAKANA_WORD, _KANJI_WORD, _LATIN_WORD, _COMPOUND):
            words.update(dict.fromkeys(pattern.findall(text)))
    return list(words)


COMMON_SHARE = 0.4
COMMON_MIN_DOCUMENTS = 10  # fewer articles say nothing about which words are common


@dataclass
class Vocabulary:
    """The words search knows: synonym groups first, then the articles' words."""

    groups: Sequence[Sequence[str]] = ()
    words: Sequence[str] = ()
    documents: Sequence[str] = ()  # normalised titles and summaries, to tell common words
    _forms: dict[str, frozenset[str]] = field(init=False, default_factory=dict)
    _display: dict[str, str] = field(init=False, default_factory=dict)
    _curated: set[str] = field(init=False, default_factory=set)

    def __post_init__(self):
        for group in self.groups:
            members = {normalize(word): word.strip() for word in group if normalize(word)}
            for form, word in members.items():
                self._forms[form] = self._forms.get(form, frozenset()) | frozenset(members)
                self._display.setdefault(form, word)
                self._curated.add(form)
        for word in self.words:
            form = normalize(word)
            if len(form) >= 2 and form not in self._forms:
                self._forms[form] = frozenset({form})
                self._display[form] = word
        self._longest = max((len(form) for form in self._forms), default=0)
        self._by_length: dict[int, list[str]] = {}
        for form in self._forms:
            self._by_length.setdefault(len(form), []).append(form)
        self._letters = {form: Counter(form) for form in self._forms}

    def __len__(self) -> int:
        return len(self._forms)

    def forms_of(self, word: str) -> frozenset[str]:
        """Every form of the word's synonym groups (the word alone if it has none)."""
        form = normalize(word)
        return self._forms.get(form, frozenset({form}))

    # Splitting ---------------------------------------------------------------------

    def _known_at(self, term: str, folded: str, start: int) -> int:
        """Length of the longest known word at ``start`` (0 if none)."""
        for length in range(min(self._longest, len(term) - start), 1, -1):
            end = start + length
            if folded[start:end] not in self._forms:
                continue
            # A Latin word must not start or end inside a longer Latin word (imapp is not imap).
            if start > 0 and _is_latin_letter(term[start - 1]) and _is_latin_letter(term[start]):
                continue
            if end < len(term) and _is_latin_letter(term[end - 1]) and _is_latin_letter(term[end]):
                continue
            return length
        return 0

    def spans(self, term: str) -> list[Span]:
        """The term cut into known words, unknown words and left-out particles."""
        folded = fold_kana(term)
        spans: list[Span] = []
        unknown_from = None
        position = 0
        while position < len(term):
            length = self._known_at(term, folded, position)
            if not length:
                unknown_from = position if unknown_from is None else unknown_from
                position += 1
                continue
            if unknown_from is not None:
                spans.extend(_unknown_spans(term, unknown_from, position))
                unknown_from = None
            spans.append(Span(position, position + length, "known"))
            position += length
        if unknown_from is not None:
            spans.extend(_unknown_spans(term, unknown_from, len(term)))
        if not any(span.kind != "dropped" for span in spans) and any(s.kind == "dropped" for s in spans):
            return [Span(0, len(term), "unknown")]  # all in hiragana: take it as it is
        return spans

    def plan(self, query: str) -> SearchPlan:
        concepts: dict[tuple[str, ...], Concept] = {}
        for term in split_terms(query):
            term = compact(term)
            for span in self.spans(term):
                if span.kind == "dropped":
                    continue
                typed = term[span.start : span.end]
                if span.kind == "known":
                    form = fold_kana(typed)
                    forms = (form, *sorted(self._forms[form] - {form}))
                else:
                    forms = (normalize(typed),)
                if searchable(forms[0]):
                    concepts.setdefault(
                        forms, Concept(typed, forms, span.kind == "known", self._common(forms))
                    )
        return SearchPlan(tuple(concepts.values()))

    def _common(self, forms: Sequence[str]) -> bool:
        """True when most documents have one of the forms (メール on a mail site)."""
        if len(self.documents) < COMMON_MIN_DOCUMENTS:
            return False
        having = sum(1 for document in self.documents if any(form in document for form in forms))
        return having >= COMMON_SHARE * len(self.documents)

    # Suggestions -------------------------------------------------------------------

    def closest(self, word: str) -> str | None:
        """The known word nearest to ``word`` within the allowed distance, as it is written."""
        target = normalize(word)
        if len(target) < 2 or target in self._forms:
            return None
        limit = allowed_distance(len(target))
        letters = Counter(target)
        best: tuple[float, int, str] | None = None
        window = int(limit * 2)  # a missing or extra ー costs half
        for length in range(len(target) - window, len(target) + window + 1):
            for form in self._by_length.get(length, ()):
                if not could_be_within(letters, self._letters[form], max(length, len(target)), limit):
                    continue
                score = distance(target, form)
                if score > limit:
                    continue
                candidate = (score, 0 if form in self._curated else 1, form)
                if best is None or candidate < best:
                    best = candidate
        return self._display[best[2]] if best else None

    def suggest(self, query: str) -> str | None:
        """The query with its unknown words replaced by the closest known ones, or None."""
        changed = False
        terms = []
        for term in split_terms(query):
            term = compact(term)
            spans = self.spans(term)
            if not any(span.kind == "unknown" for span in spans):
                terms.append(term)
                continue
            whole = self.closest(term)
            if whole:
                terms.append(whole)
                changed = True
                continue
            pieces = []
            for span in spans:
                text = term[span.start : span.end]
                better = self.closest(text) if span.kind == "unknown" else None
                changed = changed or bool(better)
                pieces.append(better or text)
            terms.append("".join(pieces))
        return " ".join(terms) if changed else None


def _unknown_spans(term: str, start: int, end: int) -> list[Span]:
    """An unknown stretch cut where the script changes; particles and kana endings left out."""
    classes = _classes(term)
    spans: list[Span] = []
    run_start = start
    for position in range(start, end + 1):
        if position < end and _same_word_class(classes[position], classes[run_start]):
            continue
        spans.extend(_split_run(term, classes, run_start, position))
        run_start = position
    return spans


def _same_word_class(a: str, b: str) -> bool:
    kanji_kana = {KANJI, HIRAGANA}
    return a == b or (a in kanji_kana and b in kanji_kana)


def _split_run(term: str, classes: list[str], start: int, end: int) -> list[Span]:
    if start >= end:
        return []
    if classes[start] == OTHER:
        return [Span(start, end, "dropped")]
    if classes[start] not in (KANJI, HIRAGANA):
        return [Span(start, end, "unknown")]
    # Kanji with hiragana: a particle between two kanji separates words (容量が不足).
    cuts = [start]
    for position in range(start + 1, end - 1):
        if term[position] in PARTICLES and classes[position - 1] == KANJI and classes[position + 1] == KANJI:
            cuts.extend([position, position + 1])
    cuts.append(end)
    spans: list[Span] = []
    for word_start, word_end in zip(cuts[::2], cuts[1::2], strict=True):
        if word_start != start:
            spans.append(Span(word_start - 1, word_start, "dropped"))
        spans.extend(_strip_kana(classes, word_start, word_end))
    return spans


def _strip_kana(classes: list[str], start: int, end: int) -> list[Span]:
    """Leading and trailing hiragana of a kanji word are left out (を見たい → 見)."""
    first, last = start, end
    while first < last and classes[first] == HIRAGANA:
        first += 1
    while last > first and classes[last - 1] == HIRAGANA:
        last -= 1
    if first == last:
        return [Span(start, end, "dropped")]
    spans = [Span(start, first, "dropped")] if first > start else []
    spans.append(Span(first, last, "unknown"))
    if last < end:
        spans.append(Span(last, end, "dropped"))
    return spans
