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
class ParsedQuery:
    text: str = ""
    # AND of groups; a group is an OR of alternatives; an alternative is a phrase (word list).
    groups: list[list[list[str]]] = field(default_factory=list)
    excluded: list[list[str]] = field(default_factory=list)
    exact: str = ""
    number: DocNumber | None = None
    truncated: bool = False
    dropped_terms: bool = False

    @property
    def empty(self) -> bool:
        return not self.groups

    @property
    def positive_terms(self) -> list[str]:
        seen: list[str] = []
        for group in self.groups:
            for phrase in group:
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

        parts = [" or ".join(render(p) for p in group) for group in self.groups]
        parts += [f"-{render(p)}" for p in self.excluded]
        return " ".join(parts)

    def fts5(self, column: str | None = None) -> str:
        def render(phrase: list[str]) -> str:
            return '"' + " ".join(phrase) + '"'

        parts = []
        for group in self.groups:
            alternatives = [render(p) for p in group]
            parts.append(alternatives[0] if len(alternatives) == 1 else
                         "(" + " OR ".join(alternatives) + ")")  # fmt: skip
        expression = " AND ".join(parts)
        for phrase in self.excluded:
            expression += f" NOT {render(phrase)}"
        if column:
            return f"{{{column}}} : ({expression})"
        return expression


def parse(raw: str | None) -> ParsedQuery:
    text = clean(raw or "")
    truncated = len(text) > MAX_QUERY_CHARS
    if truncated:
        text = text[:MAX_QUERY_CHARS].rsplit(" ", 1)[0]
    query = ParsedQuery(text=text, truncated=truncated)
    pending_or = False
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
            pending_or = bool(query.groups)
            continue
        if count + len(words) > MAX_TERMS:
            query.dropped_terms = True
            break
        count += len(words)
        if negative:
            query.excluded.append(words)
            continue
        exact_words.append(exact_terms(body.strip('"')))
        if quoted:
            alternatives = [[words]]
        else:  # "15/2024/nq-hdnd" unquoted: every word must occur, in any order
            alternatives = [[[w]] for w in words]
        if pending_or and query.groups:
            query.groups[-1].extend(alternatives[0])
            alternatives = alternatives[1:]
        query.groups.extend(alternatives)
        pending_or = False
    query.exact = " ".join(exact_words)
    query.number = parse_query(text) if query.groups and not query.excluded else None
    return query
