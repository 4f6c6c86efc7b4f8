"""Read YAML safely and remember the line of every value.

`read_yaml(path)` returns the data (built with PyYAML's safe constructor
only) and a `LineMap` from value paths such as ('sides', 0, 'men') to line
numbers.  Every failure becomes an `InputError` naming the file and line.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from game.scenario.problems import InputError, Problem, not_text
from game.scenario.textfile import MAX_DEPTH, MAX_NUMBER_CHARS, LineMap, Path, read_text

MAX_NODES = 200_000  # the largest shipped scenario has about 1,100 values
MAX_ANCHORS = 1_000  # &name anchors a file may give (the shipped ones give none)
INT_TAG = "tag:yaml.org,2002:int"
MERGE_TAG = "tag:yaml.org,2002:merge"
CLOSERS = {"flow sequence": "']'", "flow mapping": "'}'", "quoted scalar": "closing quote"}


def read_yaml(path: str) -> tuple[Any, LineMap]:
    """Parse a YAML file with the safe loader; return (data, lines)."""
    return parse_yaml(read_text(path), path)


PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}


class _Checks:
    """What every loader of ours refuses as it composes: deep nesting, too many values or anchors, unreadable
    scalars and tags no game file needs, each at its line."""

    depth = 0
    composed = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.depth += 1
        self.composed += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep",
                                                  self.peek_event().start_mark)
            if self.composed > MAX_NODES:
                raise yaml.composer.ComposerError(None, None, f"the file holds more than {MAX_NODES:,} values "
                                                  "(the limit)", self.peek_event().start_mark)
            if len(self.anchors) > MAX_ANCHORS:
                raise yaml.composer.ComposerError(None, None, f"the file names more than {MAX_ANCHORS:,} anchors "
                                                  "(&name; the limit)", self.peek_event().start_mark)
            return yaml.composer.Composer.compose_node(self, parent, index)
        finally:
            self.depth -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node.tag not in PLAIN_TAGS:  # !!binary, !!set, !!omap, !!pairs, !!python/...: nothing a game file needs
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise _unreadable(node, f"the YAML tag {tag} is not allowed in these files: write the value as plain "
                                    "text, a number, a list or a mapping")
        if node.tag == INT_TAG and len(node.value) > MAX_NUMBER_CHARS:
            raise _unreadable(node, f"a number of {len(node.value)} characters is far too large")
        try:
            value = yaml.constructor.SafeConstructor.construct_object(self, node, deep)
        except (ValueError, OverflowError) as exc:
            raise _unreadable(node, f"cannot read {_short(node.value)}: {exc}") from None
        if isinstance(value, str) and not_text(value):
            raise _unreadable(node, not_text(value))
        return value


class _Loader(_Checks, yaml.SafeLoader):
    """The safe loader in pure Python: slow, but its messages are the ones we explain (tabs, a missing ']')."""


if getattr(yaml, "__with_libyaml__", False):
    class _FastLoader(_Checks, yaml._yaml.CParser, yaml.composer.Composer, yaml.constructor.SafeConstructor,
                      yaml.resolver.Resolver):
        """libyaml reads the text (about five times faster); nodes are composed here, in Python, so the checks
        above hold as the document is built (a C composer would recurse into any depth unchecked)."""

        def __init__(self, stream: str) -> None:
            yaml._yaml.CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

        get_single_node = yaml.composer.Composer.get_single_node
        compose_document = yaml.composer.Composer.compose_document
        check_node = yaml.composer.Composer.check_node
        get_node = yaml.composer.Composer.get_node
else:  # a PyYAML built without libyaml: the same results, only slower
    _FastLoader = _Loader


def _unreadable(node: yaml.Node, message: str) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(None, None, message, node.start_mark)


def _short(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else "this value"
    return text if len(text) <= 40 else text[:37] + "..."


def parse_yaml(text: str, path: str) -> tuple[Any, LineMap]:
    """The data and lines of a YAML text; any problem as an InputError at its line. libyaml reads it; a text it
    refuses is read again in Python, whose messages say what to fix."""
    return _parse(text, path, _FastLoader) or _parse(text, path, _Loader)


def _parse(text: str, path: str, kind: type) -> tuple[Any, LineMap] | None:
    """The data and lines, an InputError, or None when libyaml refused the text (to be read again in Python)."""
    loader = None
    try:
        loader = kind(text)
        node = loader.get_single_node()
        if node is None:
            raise InputError([Problem(path, None, "the file is empty")])
        lines = LineMap()
        _Walk(loader, lines, path).walk(node, (), 0)
        data = loader.construct_document(node)
    except (yaml.scanner.ScannerError, yaml.parser.ParserError, yaml.reader.ReaderError) as exc:
        if kind is not _Loader:
            return None
        if isinstance(exc, yaml.MarkedYAMLError):
            raise InputError([Problem(path, *_yaml_problem(exc))]) from None
        line = text[: exc.position].count("\n") + 1
        raise InputError([Problem(path, line, f"YAML error: the character #x{exc.character:04x} is not allowed in YAML text")]) from None
    except yaml.MarkedYAMLError as exc:
        raise InputError([Problem(path, *_yaml_problem(exc))]) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise InputError([Problem(path, line, f"YAML error: the character #x{exc.character:04x} is not allowed in YAML text")]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(path, 1, f"YAML error: {exc}")]) from None
    except RecursionError:
        raise InputError([Problem(path, 1, "the YAML is nested too deeply")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, lines


_TOP_KEY = re.compile(r"""^(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#:'"{}\[\],&*!|>%@`-][^:\n]*?))[ \t]*:(?:[ \t]|$)""", re.M)


def top_level_keys(text: str) -> set[str]:
    """The keys of a YAML document's top mapping, for telling a campaign from a scenario before reading it.

    In block style every top-level key starts a line (nothing else can: block scalars are indented), so one
    C-speed search finds them; a document in flow style (`{...}`) is read by the parser's events instead."""
    first = next((line.lstrip() for line in text.splitlines()[:200]
                  if line.strip() and not line.lstrip().startswith(("#", "---", "%"))), "")
    if not first.startswith("{"):
        return {next(g for g in m.groups() if g is not None) for m in _TOP_KEY.finditer(text)}
    parser = yaml._yaml.CParser(text) if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader(text)
    keys: set[str] = set()
    frames: list[list] = []  # per open collection: [is a mapping, the next node is a key]
    try:
        for _ in range(4 * MAX_NODES):
            if not parser.check_event():
                break
            event = parser.get_event()
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frames.pop()
                continue
            if not isinstance(event, (yaml.NodeEvent, yaml.CollectionStartEvent)):
                continue
            if frames and frames[-1][0]:
                if frames[-1][1] and len(frames) == 1 and isinstance(event, yaml.ScalarEvent):
                    keys.add(event.value)
                frames[-1][1] = not frames[-1][1]
            if isinstance(event, yaml.CollectionStartEvent):
                frames.append([isinstance(event, yaml.MappingStartEvent), True])
    except yaml.YAMLError:
        return set()
    finally:
        parser.dispose()
    return keys


def _yaml_problem(exc: yaml.MarkedYAMLError) -> tuple[int, str]:
    """(line, message) for a PyYAML error, in words a scenario author can act on."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    what = exc.problem or exc.context or "invalid YAML"
    if "could not determine a constructor" in what:
        return line, f"YAML error: YAML tag {node_tag(exc)} is not allowed here (only plain YAML data)"
    if "'\\t'" in what:
        return line, "YAML error: a tab character here; indent YAML with spaces, never tabs"
    opened = exc.context_mark.line + 1 if exc.context_mark else line
    closer = next((c for kind, c in CLOSERS.items() if kind in (exc.context or "")), None)
    if closer and opened != line:
        return opened, f"YAML error: {exc.context} that starts on this line: {what} on line {line} (is a {closer} missing?)"
    return line, f"YAML error: {exc.context}: {what}" if exc.context and exc.problem else f"YAML error: {what}"


def node_tag(exc: yaml.MarkedYAMLError) -> str:
    text = str(exc.problem or "")
    tag = text.split("tag", 1)[-1].strip() if "tag" in text else "?"
    return tag.replace("tag:yaml.org,2002:", "!!")


class _Walk:
    """Record the line of every value, refusing duplicate keys, alias bombs and deep nesting."""

    def __init__(self, loader: _Loader, lines: LineMap, file: str):
        self.loader, self.lines, self.file, self.count = loader, lines, file, 0
        self.seen: set[int] = set()

    def fail(self, line: int, message: str) -> InputError:
        return InputError([Problem(self.file, line, message)])

    def walk(self, node: yaml.Node, path: Path, depth: int, alias_at: int | None = None) -> None:
        """Walk `node`; `alias_at` is the line of the alias that brought us here, if any."""
        line = alias_at or node.start_mark.line + 1
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(line, "the YAML expands to too many values (aliases?)")
        if depth > MAX_DEPTH:
            raise self.fail(line, f"the YAML is nested more than {MAX_DEPTH} levels deep")
        self.lines.lines.setdefault(path, node.start_mark.line + 1)
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            self.walk_mapping(node, path, depth, alias_at)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, path + (index,), depth + 1, self.alias(item, alias_at, line))

    def alias(self, node: yaml.Node, alias_at: int | None, line: int) -> int | None:
        """The line to blame for `node`: inside an alias, or at a second use of a node, the alias's."""
        return alias_at or (line if id(node) in self.seen else None)

    def walk_mapping(self, node: yaml.MappingNode, path: Path, depth: int, alias_at: int | None) -> None:
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node)
            line = key_node.start_mark.line + 1
            if key in seen and key != "<<":
                raise self.fail(line, f"duplicate key '{key}' (first given on line {seen[key]})")
            seen[key] = line
            self.lines.lines.setdefault(path + (key,), line)
            self.lines.lines.setdefault(path + (str(key),), line)
            self.walk(value_node, path + (key,), depth + 1, self.alias(value_node, alias_at, alias_at or line))

    def key(self, node: yaml.Node) -> Any:
        """The key as the data will hold it (so `1:` and `yes:` map to 1 and True)."""
        if not isinstance(node, yaml.ScalarNode):
            return repr(node.value)[:40]
        if node.tag == MERGE_TAG:
            return node.value
        key = self.loader.construct_object(node)
        return key if isinstance(key, (str, int, float)) or key is None else node.value
