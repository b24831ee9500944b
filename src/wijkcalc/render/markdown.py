"""A Document as Markdown: headings, pipe tables and lists; bars are left to the other views."""

from __future__ import annotations

from .safe import markdown as escaped
from .safe import markdown_code
from .sections import Bar, Bullets, Cell, Document, Lines, Paragraph, Table, Verdict


def markdown(document: Document) -> str:
    lines = [f"# {escaped(document.title.text)}", ""]
    if document.title.subtitle:
        lines += [escaped(document.title.subtitle), ""]
    for section in document.sections:
        block = _section(section)
        if block:
            lines += [*block, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _section(section: object) -> list[str]:
    if isinstance(section, Table):
        return _table(section)
    if isinstance(section, Bar):
        return []  # a picture: the terminal and the file views draw it
    if isinstance(section, Verdict):
        detail = ["", escaped(section.detail)] if section.detail else []
        return [f"**{escaped(section.text)}**", *detail]
    if isinstance(section, Paragraph):
        return [escaped(section.text)]
    if isinstance(section, Lines):
        return ["  \n".join(map(escaped, section.lines))]
    if isinstance(section, Bullets):
        items = [_code_item(item) if section.code else f"- {escaped(item)}"
                 for item in section.items]
        return [f"## {escaped(section.title)}", "", *items]
    raise TypeError(f"no Markdown view for {type(section).__name__}")


def _table(section: Table) -> list[str]:
    lines = [f"## {escaped(section.title)}", ""] if section.title else []
    header = [escaped(column.header, block=False) if section.headers else ""
              for column in section.columns]
    rule = ["---:" if column.align == "right" else "---" for column in section.columns]
    lines += [_row(header), "|" + "|".join(rule) + "|"]
    lines += [_row([_cell(cell) for cell in row]) for row in section.rows]
    return lines


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |" if any(cells) else "|" + " |" * len(cells)


def _cell(cell: Cell) -> str:
    text = escaped(cell.text, block=False)
    return f"**{text}**" if cell.style == "bold" and text else text


def _code_item(item: str) -> str:
    file, _, message = item.partition(": ")
    return f"- {markdown_code(file)}: {escaped(message)}"
