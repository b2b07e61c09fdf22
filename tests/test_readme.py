"""The README stays true: the two commands first, and every upload column as the importer names it."""

from __future__ import annotations

from pathlib import Path

import pytest

from govdash.domain.kinds import KINDS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands():
    first_block = README.split("```")[1]
    assert "make run" in first_block and "make test" in first_block


@pytest.mark.parametrize("kind", list(KINDS.values()), ids=list(KINDS))
def test_readme_lists_every_column_of_each_upload_kind(kind):
    section = README[README.index(f"`{kind.key}`"):]
    section = section[: section.index("\n\n**") if "\n\n**" in section else len(section)]
    for column in kind.columns:
        expected = f"**{column.zh}**" if column.required else column.zh
        assert expected in section, f"{kind.key}: {column.zh}"
