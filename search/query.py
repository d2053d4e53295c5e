"""User input to a search query: quotes for phrases, `or`/`hoặc` between alternatives,
a leading `-` to exclude, everything folded by the shared normaliser.

The parsed query renders to PostgreSQL `websearch_to_tsquery` syntax and to an FTS5 MATCH
expression; both contain nothing but folded words, quotes and operators, so no input can
change the shape of the SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .normalize import MAX_QUERY_CHARS, clean, exact_terms, term_list, terms
from .numbers import DocNumber, parse_query

MAX_TERMS = 24
_TOKEN = re.compile(r'-?"[^"]*"?|\S+')
OR_WORDS = {"or", "hoac"}


@dataclass
class Clause:
    """Words and phrases that must all occur, and some that must not."""

    phrases: list[list[str]] = field(default_factory=list)
    excluded: list[list[str]] = field(default_factory=list)


@dataclass
class ParsedQuery:
    """An OR of clauses, as `websearch_to_tsquery` reads it: "lao cai or yen bai" is
    (lao AND cai) OR (yen AND bai); a clause with no positive word is dropped."""

    text: str = ""
    clauses: list[Clause] = field(default_factory=list)
    exact: str = ""
    number: DocNumber | None = None
    truncated: bool = False
    dropped_terms: bool = False
    only_excluded: bool = False

    @property
    def empty(self) -> bool:
        return not self.clauses

    @property
    def excluded(self) -> bool:
        return any(c.excluded for c in self.clauses)

    @property
    def positive_terms(self) -> list[str]:
        seen: list[str] = []
        for clause in self.clauses:
            for phrase in clause.phrases:
                for word in phrase:
                    if word not in seen:
                        seen.append(word)
        return seen

    @property
    def has_accents(self) -> bool:
        return bool(self.exact) and self.exact != terms(self.exact)

    def websearch(self) -> str:
        def render(phrase: list[str]) -> str:
            return f'"{" ".join(phrase)}"' if len(phrase) > 1 else phrase[0]

        rendered = []
        for clause in self.clauses:
            parts = [render(p) for p in clause.phrases] + [f"-{render(p)}" for p in clause.excluded]
            rendered.append(" ".join(parts))
        return " or ".join(rendered)

    def fts5(self, column: str | None = None) -> str:
        def render(phrase: list[str]) -> str:
            return '"' + " ".join(phrase) + '"'

        rendered = []
        for clause in self.clauses:
            expression = " AND ".join(render(p) for p in clause.phrases)
            for phrase in clause.excluded:
                expression += f" NOT {render(phrase)}"
            rendered.append(f"({expression})")
        expression = " OR ".join(rendered)
        if column:
            return f"{{{column}}} : ({expression})"
        return expression


def parse(raw: str | None) -> ParsedQuery:
    text = clean(raw or "")
    truncated = len(text) > MAX_QUERY_CHARS
    if truncated:
        text = text[:MAX_QUERY_CHARS].rsplit(" ", 1)[0]
    query = ParsedQuery(text=text, truncated=truncated)
    clauses: list[Clause] = [Clause()]
    count = 0
    exact_words: list[str] = []
    for token in _TOKEN.findall(text):
        negative = token.startswith("-") and len(token) > 1
        body = token[1:] if negative else token
        quoted = body.startswith('"')
        words = term_list(body.strip('"'))
        if not words:
            continue
        if not quoted and not negative and len(words) == 1 and words[0] in OR_WORDS:
            if clauses[-1].phrases or clauses[-1].excluded:
                clauses.append(Clause())
            continue
        if count + len(words) > MAX_TERMS:
            query.dropped_terms = True
            break
        count += len(words)
        if negative:
            clauses[-1].excluded.append(words)
        elif quoted:
            clauses[-1].phrases.append(words)
            exact_words.append(exact_terms(body.strip('"')))
        else:  # "15/2024/nq-hdnd" unquoted: every word must occur, in any order
            clauses[-1].phrases.extend([w] for w in words)
            exact_words.append(exact_terms(body))
    query.clauses = [c for c in clauses if c.phrases]
    query.only_excluded = not query.clauses and any(c.excluded for c in clauses)
    query.exact = " ".join(exact_words) if len(query.clauses) == 1 else ""
    single = len(query.clauses) == 1 and not query.clauses[0].excluded
    query.number = parse_query(text) if single else None
    return query
