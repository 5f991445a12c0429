"""Global options anywhere on the command line: ``bibkit convert x.txt -q`` as ``bibkit -q convert x.txt``.

click reads a group's options only before the subcommand's name. People put ``-q`` or
``--no-cache`` wherever they think of it, so :class:`GlobalOptionsGroup` moves the group's own
options found after the subcommand to the front before click parses. Only the group's options
move (a subcommand option of another name is never touched), and nothing after ``--`` does.
"""

from __future__ import annotations

from collections.abc import Sequence

import click

__all__ = ["GlobalOptionsGroup", "hoist"]


def hoist(args: Sequence[str], options: Sequence[click.Option]) -> list[str]:
    """``args`` with every occurrence of one of ``options`` (and its value) moved to the front,
    in order; the rest keeps its order."""
    takes_value: dict[str, bool] = {}
    for option in options:
        for name in (*option.opts, *option.secondary_opts):
            takes_value[name] = not (option.is_flag or option.count)
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        name = arg.split("=", 1)[0] if arg.startswith("--") else arg
        if name in takes_value:
            front.append(arg)
            if takes_value[name] and "=" not in arg and i + 1 < len(args):
                front.append(args[i + 1])
                i += 1
        elif arg[:1] == "-" and arg[1:2] not in ("", "-") and all(f"-{c}" in takes_value for c in arg[1:]):
            # Bundled short flags of the group ("-qv"); a bundle with a value option stays put.
            if not any(takes_value[f"-{c}"] for c in arg[1:]):
                front.append(arg)
            else:
                rest.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


class GlobalOptionsGroup(click.Group):
    """A click group whose options may also follow the subcommand (see the module doc)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        options = [p for p in self.params if isinstance(p, click.Option) and not p.is_eager]
        return super().parse_args(ctx, hoist(args, options))
