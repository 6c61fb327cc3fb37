"""The `kg` command reference, as Markdown, read from the click commands themselves.

The documentation site's page (docs/reference/cli.md) is made from this at build time
(docs/_hooks/generated.py), so it cannot drift from `kg --help`; `undocumented` lists what a
command leaves unexplained, and the build fails on it. Each option's environment variable is the
one click really reads: the option's own (`KG_PORT`), else the automatic
`KG_<COMMAND>_<PARAMETER>` (click's `auto_envvar_prefix`, set on `kg`).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

#: Characters Markdown would read as markup in running text (outside `code` spans).
_MARKUP = re.compile(r"([\\*_\[\]<>|])")
_CODE_SPAN = re.compile(r"(`[^`]*`)")


def commands(group: click.Group) -> Iterator[tuple[click.Context, click.Command]]:
    """Every command of `group` with the context click would run it in, in the group's order."""
    root = click.Context(group, info_name="kg", **group.context_settings)
    for name in group.list_commands(root):
        command = group.get_command(root, name)
        if command is not None:
            yield click.Context(command, info_name=name, parent=root), command


def environment_variable(ctx: click.Context, param: click.Parameter) -> str | None:
    """The variable that sets `param`: its own, else click's automatic one."""
    if not isinstance(param, click.Option):
        return None
    if isinstance(param.envvar, str):
        return param.envvar
    if param.envvar:
        return " ".join(param.envvar)
    if param.allow_from_autoenv and ctx.auto_envvar_prefix and param.name:
        return f"{ctx.auto_envvar_prefix}_{param.name.upper()}"
    return None


def undocumented(group: click.Group) -> list[str]:
    """What the reference would leave unexplained: a command without help, an option without help
    or without an environment variable, an argument its command's help does not name."""
    missing = []
    for ctx, command in commands(group):
        name = f"kg {ctx.info_name}"
        text = _help(command)
        if not text:
            missing.append(f"{name}: no help text")
        for param in command.params:
            if isinstance(param, click.Option):
                if not param.help:
                    missing.append(f"{name} {param.opts[0]}: no help text")
                if environment_variable(ctx, param) is None:
                    missing.append(f"{name} {param.opts[0]}: no environment variable")
            elif isinstance(param, click.Argument):
                names = re.findall(r"[A-Z][A-Z_]*", param.human_readable_name)  # [OLD [NEW]]: OLD, NEW
                missing.extend(f"{name}: its help does not name {n}" for n in names if n not in text)
    return missing


def markdown(group: click.Group) -> str:
    """One section per command: usage, its help, and a table of its options."""
    parts = []
    for ctx, command in commands(group):
        usage = " ".join(["kg", ctx.info_name or "", *command.collect_usage_pieces(ctx)])
        parts.append(f"## kg {ctx.info_name}\n\n```text\n{usage}\n```\n")
        parts.extend(f"{_text(paragraph)}\n" for paragraph in _help(command).split("\n\n"))
        options = [p for p in command.params if isinstance(p, click.Option)]
        if options:
            parts.append("| option | environment variable | default | what |\n|---|---|---|---|")
            parts.extend(_option_row(ctx, option) for option in options)
            parts.append("")
    return "\n".join(parts)


def _help(command: click.Command) -> str:
    """The help text as `--help` shows it: cleaned, up to click's `\\f` (the rest is for code)."""
    return inspect.cleandoc(command.help or "").split("\f")[0].strip()


def _option_row(ctx: click.Context, option: click.Option) -> str:
    names = " / ".join(f"`{name}`" for name in [*option.opts, *option.secondary_opts])
    if option.metavar:
        names += f" `{option.metavar}`"
    variable = environment_variable(ctx, option)
    cells = [names, f"`{variable}`" if variable else "", _default(ctx, option), _what(ctx, option)]
    return "| " + " | ".join(cells) + " |"


def _what(ctx: click.Context, option: click.Option) -> str:
    what = _text(" ".join((option.help or "").split()))
    if isinstance(option.type, click.Choice):
        what += " One of: " + ", ".join(f"`{choice}`" for choice in option.type.choices) + "."
    extra = option.get_help_extra(ctx)
    if "range" in extra:
        what += f" Range: `{extra['range']}`."
    return what


def _default(ctx: click.Context, option: click.Option) -> str:
    if isinstance(option.show_default, str):
        return _text(option.show_default)
    value: Any = option.get_default(ctx, call=False)
    if option.is_flag and option.secondary_opts and isinstance(value, bool):
        return f"`{option.opts[0] if value else option.secondary_opts[0]}`"
    if option.is_flag and isinstance(value, bool):
        return "on" if value else "off"
    if value is None or value == () or not isinstance(value, str | int | float | Path):
        return ""
    return f"`{value:g}`" if isinstance(value, float) else f"`{value}`"


def _text(text: str) -> str:
    """Running text for Markdown: markup characters escaped, except inside `code` spans."""
    pieces = _CODE_SPAN.split(" ".join(text.split()))
    return "".join(p if p.startswith("`") else _MARKUP.sub(r"\\\1", p) for p in pieces)
