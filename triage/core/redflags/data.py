"""The shipped data files, parsed once per process (``functools.cache``).

- ``triage/data/symptom-ontology/symp.obo``: the Symptom Ontology (CC0), terms with synonyms.
- ``triage/data/icd10cm-symptoms/icd10cm_R_symptoms_signs.json``: ICD-10-CM chapter R titles (MIT
  package; US public code set).
- ``triage/data/medspacy-context-rules/context_rules.json``: medspaCy's NegEx-style ConText rules
  (MIT).

Each folder keeps its upstream licence and SOURCE.txt. A missing or malformed file is an error at
first use, never an empty vocabulary (an empty vocabulary would silently read every note as green).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"
ONTOLOGY_PATH = DATA_DIR / "symptom-ontology" / "symp.obo"
ICD_PATH = DATA_DIR / "icd10cm-symptoms" / "icd10cm_R_symptoms_signs.json"
CONTEXT_RULES_PATH = DATA_DIR / "medspacy-context-rules" / "context_rules.json"

# Synonym scopes that mean the same thing as the term (RELATED and BROAD ones are looser).
OBO_SYNONYM_SCOPES = frozenset({"EXACT", "NARROW"})

_SYNONYM = re.compile(r'^synonym: "((?:[^"\\]|\\.)*)" (\w+)', re.M)
_FIELD = re.compile(r"^(id|name|is_a): (\S+(?: [^!\n]*)?)", re.M)


@dataclass(frozen=True)
class OntologyTerm:
    id: str
    name: str
    synonyms: tuple[str, ...]
    parents: tuple[str, ...]
    obsolete: bool

    @property
    def labels(self) -> tuple[str, ...]:
        """The name, then each synonym of a scope in OBO_SYNONYM_SCOPES."""
        return (self.name, *self.synonyms)


@dataclass(frozen=True)
class ContextRule:
    """One medspaCy ConText rule: a literal, an optional token pattern, its category and
    direction (FORWARD, BACKWARD, BIDIRECTIONAL or TERMINATE)."""

    category: str
    literal: str
    direction: str
    pattern: tuple[dict, ...] | None


@cache
def ontology() -> dict[str, OntologyTerm]:
    """Every ``[Term]`` stanza of symp.obo by id."""
    text = ONTOLOGY_PATH.read_text(encoding="utf-8")
    terms: dict[str, OntologyTerm] = {}
    for stanza in text.split("\n[")[1:]:
        if not stanza.startswith("Term]"):
            continue
        fields: dict[str, list[str]] = {}
        for key, value in _FIELD.findall(stanza):
            fields.setdefault(key, []).append(value.strip())
        if "id" not in fields or "name" not in fields:
            continue
        synonyms = tuple(
            label.replace('\\"', '"')
            for label, scope in _SYNONYM.findall(stanza)
            if scope in OBO_SYNONYM_SCOPES
        )
        term = OntologyTerm(
            id=fields["id"][0],
            name=fields["name"][0],
            synonyms=synonyms,
            parents=tuple(parent.split()[0] for parent in fields.get("is_a", [])),
            obsolete="\nis_obsolete: true" in stanza,
        )
        terms[term.id] = term
    if not terms:
        raise ValueError(f"no terms found in {ONTOLOGY_PATH}")
    return terms


@cache
def ontology_children() -> dict[str, tuple[str, ...]]:
    """Term id -> ids of the terms that are directly ``is_a`` it."""
    children: dict[str, list[str]] = {}
    for term in ontology().values():
        for parent in term.parents:
            children.setdefault(parent, []).append(term.id)
    return {parent: tuple(ids) for parent, ids in children.items()}


def ontology_labels(term_id: str, *, descendants: bool = True) -> tuple[str, ...]:
    """A term's name and synonyms (and, by default, its descendants'), obsolete terms left out.
    An unknown id is a KeyError: a vocabulary must not quietly lose a term."""
    terms = ontology()
    children = ontology_children()
    seen: set[str] = set()
    labels: list[str] = []
    stack = [term_id]
    while stack:
        current = stack.pop(0)
        if current in seen:
            continue
        seen.add(current)
        term = terms[current]
        if not term.obsolete:
            labels.extend(label for label in term.labels if label not in labels)
        if descendants:
            stack.extend(children.get(current, ()))
    return tuple(labels)


@cache
def icd_titles() -> dict[str, str]:
    """ICD-10-CM chapter R code (without the dot, e.g. ``R42``) -> title."""
    raw = json.loads(ICD_PATH.read_text(encoding="utf-8"))
    titles = {code: entry["title"] for code, entry in raw.items()}
    if not titles:
        raise ValueError(f"no codes found in {ICD_PATH}")
    return titles


_ICD_NOISE = re.compile(r",? (?:unspecified|not elsewhere classified)$|^(?:other|unspecified) ")


def icd_labels(code: str) -> tuple[str, ...]:
    """The symptom names in one ICD title: "Dizziness and giddiness" -> dizziness, giddiness;
    "Chest pain, unspecified" -> chest pain; "Other chest pain" -> chest pain."""
    title = icd_titles()[code].lower()
    previous = None
    while previous != title:
        previous, title = title, _ICD_NOISE.sub("", title).strip()
    return tuple(part.strip() for part in title.split(" and ") if part.strip())


@cache
def context_rules() -> tuple[ContextRule, ...]:
    """medspaCy's context rules as shipped (filtering is the context module's job)."""
    raw = json.loads(CONTEXT_RULES_PATH.read_text(encoding="utf-8"))["context_rules"]
    rules = tuple(
        ContextRule(
            category=rule["category"],
            literal=rule["literal"],
            direction=rule["direction"],
            pattern=tuple(rule["pattern"]) if rule.get("pattern") else None,
        )
        for rule in raw
    )
    if not rules:
        raise ValueError(f"no rules found in {CONTEXT_RULES_PATH}")
    return rules
