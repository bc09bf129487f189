"""The issue schema (issue.rng and the block kinds' fragments) → a lxml
RelaxNG validator and per-element rules.

The rules (allowed attributes, children, enumerated values) are read from the
RELAX NG file itself, so the friendly messages in `typeset.model.parse` and
the schema can never disagree about what is allowed.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field

from lxml import etree

from typeset import registry

RNG_PATH = os.path.join(os.path.dirname(__file__), "issue.rng")
_RNG = "{http://relaxng.org/ns/structure/1.0}"
# Patterns under which an attribute or child is not required.
_OPTIONAL = {"optional", "zeroOrMore", "choice"}


@dataclass
class ElementRule:
    """What one element may carry, as declared in issue.rng."""
    name: str
    required: set[str] = field(default_factory=set)
    optional: set[str] = field(default_factory=set)
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    children: list[str] = field(default_factory=list)
    text: bool = False

    @property
    def attributes(self) -> set[str]:
        return self.required | self.optional


def relaxng() -> etree.RelaxNG:
    """The compiled issue schema, with the fragments of the registered block kinds."""
    return _relaxng(registry.generation())


def element_rules() -> dict[str, ElementRule]:
    """Rules for every element name the schema declares."""
    return _element_rules(registry.generation())


def grammar() -> etree._Element:
    """issue.rng with each registered kind's fragment (a <grammar> of
    <define>s, one of them `block` with combine="choice") merged in."""
    root = etree.parse(RNG_PATH).getroot()
    for fragment in registry.fragments():
        for define in etree.fromstring(fragment.encode("utf-8")):
            if isinstance(define.tag, str):
                root.append(define)
    return root


@functools.lru_cache(maxsize=2)
def _relaxng(generation: int) -> etree.RelaxNG:
    return etree.RelaxNG(etree.ElementTree(grammar()))


@functools.lru_cache(maxsize=2)
def _element_rules(generation: int) -> dict[str, ElementRule]:
    grammar_root = grammar()
    defines: dict[str, list] = {}
    for d in grammar_root.iter(_RNG + "define"):
        defines.setdefault(d.get("name") or "", []).append(d)   # combine="choice": one name, many parts
    rules: dict[str, ElementRule] = {}
    for pattern in grammar_root.iter(_RNG + "element"):
        name = pattern.get("name") or ""         # the grammar names every element it declares
        rule = rules.setdefault(name, ElementRule(name))
        _collect(pattern, rule, defines, required=True, seen=set())
    return rules


def _collect(node, rule: ElementRule, defines, required: bool, seen: set) -> None:
    """Add what `node`'s content allows to `rule`, following <ref>s."""
    for child in node:
        if not isinstance(child.tag, str):
            continue
        kind = etree.QName(child).localname
        if kind == "attribute":
            _add_attribute(child, rule, required)
        elif kind == "element":
            if child.get("name") not in rule.children:
                rule.children.append(child.get("name"))
        elif kind == "ref":
            name = child.get("name")
            if name not in seen:
                for part in defines[name]:
                    _collect(part, rule, defines, required, seen | {name})
        elif kind in ("text", "mixed", "data", "value"):
            rule.text = True
            if kind == "mixed":
                _collect(child, rule, defines, False, seen)
        else:
            _collect(child, rule, defines, required and kind not in _OPTIONAL, seen)


def _add_attribute(node, rule: ElementRule, required: bool) -> None:
    name = node.get("name")
    (rule.required if required else rule.optional).add(name)
    values = tuple(v.text for v in node.iter(_RNG + "value"))
    if values:
        rule.values[name] = values
    data = node.find(_RNG + "data")
    if data is not None:
        rule.types[name] = data.get("type")
