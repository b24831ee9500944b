"""Safe streaming XML for the bank and bookkeeping sources: no DOCTYPE, no entity, small memory."""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from typing import IO
from xml.parsers import expat

from ..errors import N_, InputError
from . import sniff

UNSAFE = ("holds a document type declaration (DOCTYPE or ENTITY); bank statements and "
          "auditfiles have none, and wijkcalc refuses them so that no entity is expanded and "
          "nothing outside the file is read")
_CHUNK = 1 << 20
_NO_CHILDREN: list[Node] = []  # shared by every leaf: a leaf's children are made on need

Opener = Callable[[], IO[bytes]]


class Node:
    """One XML element as read: local tag name, the line it starts on, attributes, text and
    children (only those not handed out as records)."""

    __slots__ = ("attrs", "children", "line", "tag", "text")

    def __init__(self, tag: str, line: int, attrs: dict[str, str]) -> None:
        self.tag, self.line, self.attrs = tag, line, attrs
        self.text = ""
        self.children = _NO_CHILDREN

    def find(self, *path: str) -> Node | None:
        """The first element down ``path`` (local tag names), or None."""
        node = self
        for tag in path:
            for child in node.children:
                if child.tag == tag:
                    node = child
                    break
            else:
                return None
        return node

    def findall(self, tag: str) -> list[Node]:
        return [child for child in self.children if child.tag == tag]

    def get(self, *path: str) -> str:
        """The text down ``path``, "" when the element is not there."""
        node = self.find(*path)
        return node.text.strip() if node is not None else ""


class _LocalNames(dict):
    """"uri}tag" -> "tag", each name split once."""

    def __missing__(self, name: str) -> str:
        self[name] = local = name.rpartition("}")[2]
        return local


def records(open_file: Opener, file: str, keep: frozenset[str], drop: frozenset[str],
            root_check: Callable[[str, str], None]) -> Iterator[tuple[Node, list[Node]]]:
    """Each element named in ``keep``, when complete, with its open ancestors (root first).

    A linear pass with expat: kept and ``drop`` elements are cut from their parent once read,
    so memory stays small whatever the file's size. ``root_check(namespace, tag)`` sees the
    root element first. A document type declaration is refused (so no entity is declared or
    expanded, no external reference followed); XML that is not well-formed is one InputError.
    """
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[Node] = []
    done: list[tuple[Node, list[Node]]] = []
    local = _LocalNames()

    def refuse(*_: object) -> None:
        raise InputError(UNSAFE, file=file, line=parser.CurrentLineNumber)

    def start(name: str, attrs: dict[str, str], *, make: type[Node] = Node) -> None:
        node = make(local[name], parser.CurrentLineNumber, attrs)
        if stack:
            parent = stack[-1]
            if parent.children is _NO_CHILDREN:
                parent.children = [node]
            else:
                parent.children.append(node)
        else:
            root_check(name.rpartition("}")[0], node.tag)
        stack.append(node)

    def end(_: str) -> None:
        node = stack.pop()
        if node.tag in keep:
            done.append((node, stack[:]))
        elif node.tag not in drop:
            return
        if stack and stack[-1].children and stack[-1].children[-1] is node:
            stack[-1].children.pop()

    def text(data: str) -> None:
        top = stack[-1]
        if top.children is _NO_CHILDREN:  # leaf text only: no white space between elements
            top.text += data

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = text
    with open_file() as handle:
        while chunk := handle.read(_CHUNK):
            _parse(parser, chunk, False, file)
            yield from done
            done.clear()
        _parse(parser, b"", True, file)
    yield from done


def _parse(parser: expat.XMLParserType, chunk: bytes, final: bool, file: str) -> None:
    """One piece through expat; the cyclic garbage collector rests meanwhile (the nodes hold
    no cycles, and it would walk them again and again)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        parser.Parse(chunk, final)
    except expat.ExpatError as error:
        raise InputError(N_("is not well-formed XML ({reason})"),
                         reason=expat.ErrorString(error.code), file=file,
                         line=error.lineno) from None
    finally:
        if collecting:
            gc.enable()


def exact_cents(text: str) -> int | None:
    """An XML decimal amount ("1250.00", "83.5", "-12") as exact cents; None when it is no
    amount or has a fraction of a cent."""
    found = re.fullmatch(r"\s*([+-]?)(\d+)(?:\.(\d*))?\s*", text)
    if found is None:
        return None
    sign, whole, fraction = found.group(1), found.group(2), found.group(3) or ""
    if fraction[2:].strip("0"):
        return None
    cents = int(whole) * 100 + int((fraction + "00")[:2])
    return -cents if sign == "-" else cents


def xml_head(head: bytes) -> bytes:
    """The first bytes as UTF-8-ish bytes for fingerprints: BOMs removed, UTF-16 decoded."""
    raw = sniff.without_bom(head)
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16", errors="ignore").encode("utf-8")
    return raw


def clean(text: str) -> str:
    return " ".join(text.split())


def normal_iban(text: str) -> str:
    return "".join(text.split()).upper()
