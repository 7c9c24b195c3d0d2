"""Liquid in a post's body that stops `jekyll build`, found as Jekyll's Liquid finds it.

Jekyll runs Liquid over the body of every post with front matter (unless it says
`render_with_liquid: false`) and stops the whole build on the first Liquid error. Liquid
parses the whole body first, so a parse error counts wherever it is (in an `{% if %}` that
never renders, in a `{% comment %}`: only `{% raw %}` keeps text from the parser); then it
renders, and a tag that cannot find its file or post fails only where it is rendered.

`first_fault` reads a body the way Liquid 5.4 (the version Jekyll 4.3.1 runs here; the tags
of Liquid 4.0.x are a subset) reads it in Jekyll's default `error_mode: warn`, in which a tag
whose markup the strict parser refuses is read again by the lax one, which fails only where
the regular expressions below fail:

- the tokenizer (`TOKEN`): a `{%` without `%}`, a `{{` without `}}`, `{% %}` without a name;
- an unknown tag (`{% extends %}`, `{% block %}`: Jinja), a stray `{% endif %}` or `{% else %}`,
  an end tag that closes another block, a block never closed;
- a tag whose markup even the lax parser refuses (`{% for %}`, `{% if %}`, `{% raw x %}`,
  `{% highlight %}` without a language, `{% include %}` with malformed parameters...);
- where rendered for sure (outside `if`, `for`, `case`...): `{% include %}` of a file
  missing from `_includes` (or `{% include_relative %}` beside the post), `{% post_url %}`
  of no post Jekyll reads, `{% link %}` of no file, and `{% render %}`, which Jekyll cannot
  render; a condition of an `{% if %}`, `{% elsif %}` or `{% unless %}` that Liquid
  evaluates for sure (the first, or one the literals before it lead to: `false or x = 1`,
  an `elsif` after `{% if false %}`) whose operator Liquid does not know (`=`, `is`,
  `not x`: the lax parser takes a word for the operator); a filter of Liquid or Jekyll given
  too few or too many arguments (`| append`, `| date:`: where the strict parser refuses the
  markup, as the lax one counts them); an integer literal `divided_by` (or `modulo`) a
  literal 0.
- the lines of `{% liquid %}`, each a tag without its delimiters, read as tags are.

Jekyll's `liquid:` settings (`error_mode: strict`, `strict_filters`, `strict_variables`) are
not read: what is found is what fails under the defaults, which fails under them too.

Where it cannot know (a tag a plugin of the site may define, an include a theme may hold, an
argument built with Liquid), it finds nothing: it must never call a body that builds broken.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

TOKEN = re.compile(r"\{%.*?%\}|\{\{.*?\}\}?|\{\{|\{%", re.S)
"""Liquid's tokenizer: a tag, an output (closed by `}` or `}}`), or an opener left open."""

_A = re.S | re.A  # Ruby's \w, \s and \b are ASCII; its /m is Python's DOTALL
_FULL_TAG = re.compile(r"\A\{%-?(\s*)(#|\w+)(\s*)(.*?)-?%\}\Z", _A)
_FULL_OUTPUT = re.compile(r"\A\{\{-?(.*?)-?\}\}\Z", _A)
_RAW_END = re.compile(r"\A(.*)\{%\s*(\w+)\s*(.*)?%\}\Z", _A)
_QS = r"""(?:"[^"]*"|'[^']*')"""
_QF = rf"""(?:{_QS}|(?:[^\s,|'"]|{_QS})+)"""
_VARIABLE_SIGNATURE = r"\(?[\w\-.\[\]]\)?"
_ASSIGN = re.compile(rf"({_VARIABLE_SIGNATURE}+)\s*=\s*(.*)\s*", _A)
_CAPTURE = re.compile(rf"({_VARIABLE_SIGNATURE}+)", _A)
_CASE = re.compile(rf"({_QF})", _A)
_WHEN = re.compile(rf"({_QF})(?:(?:\s+or\s+|\s*,\s*)({_QF}.*))?", _A)
_CYCLE = re.compile(rf"\A(?:{_QF})\s*:\s*(.*)|\A{_QF}+", _A)
_FOR = re.compile(rf"\A[\w-]+\s+in\s+{_QF}+", _A)
_TABLEROW = re.compile(rf"\w+\s+in\s+{_QF}+", _A)
_IF_SYNTAX = re.compile(rf"({_QF})\s*([=!<>a-z_]+)?\s*({_QF})?", _A)
_IF_PARTS = re.compile(
    rf"(?:\b(?:\s?and\s?|\s?or\s?)\b|(?:\s*(?!\b(?:\s?and\s?|\s?or\s?)\b)(?:{_QF}|\S+)\s*)+)", _A
)
_RENDER = re.compile(rf"{_QS}+", _A)
_MARKUP_WITH_QF = re.compile(rf"({_QF})(.*)", _A)
_FILTER_MARKUP = re.compile(r"\|\s*(.*)", _A)
_FILTER_PARSER = re.compile(rf"(?:\s+|{_QF}|,)+", _A)
_FILTER_ARGS = re.compile(rf"[:,]\s*((?:\w+\s*:\s*)?{_QF})", _A)
_JUST_TAG_ATTRIBUTES = re.compile(rf"\A\w[\w-]*\s*:\s*{_QF}\Z", _A)
_WORD = re.compile(r"\w+", _A)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?", _A)
_HIGHLIGHT = re.compile(
    r'^([a-zA-Z0-9.+#_-]+)((\s+\w+(=(\w+|"([0-9]+\s)*[0-9]+"))?)*)$', re.M | re.A
)
_INCLUDE_VARIABLE = re.compile(
    r"(?P<variable>[^{]*(\{\{\s*[\w\-.]+\s*(\|.*)?\}\}[^\s{}]*)+)(?P<params>.*)", _A
)
_INCLUDE_PARAM = r"""[\w-]+\s*=\s*(?:"[^"\\]*(?:\\.[^"\\]*)*"|'[^'\\]*(?:\\.[^'\\]*)*'|[\w.-]+)"""
_INCLUDE_PARAMS = re.compile(rf"\A\s*(?:{_INCLUDE_PARAM}(?=\s|\Z)\s*)*\Z", re.A)
_INCLUDE_NAME = re.compile(r"^[\w/.\-()+~#@]+$", re.M | re.A)
POST_NAME = re.compile(r"^(.+/)*(\d+-\d+-\d+)-(.*)$", re.M | re.A)
_RUBY_SPACE = " \t\n\v\f\r"

LIQUID_TAGS = frozenset(
    (
        *("assign", "break", "capture", "case", "comment", "continue", "cycle", "decrement"),
        *("echo", "for", "if", "ifchanged", "include", "increment", "#", "raw", "render"),
        *("tablerow", "unless", "liquid"),
    )
)
"""The tags Liquid 5.4 registers (`liquid` is read by the parser itself); Liquid 4.0.x has
all but `echo`, `render`, `liquid` and `#`."""
JEKYLL_TAGS = frozenset(("highlight", "include", "include_relative", "link", "post_url"))
BLOCKS = frozenset(
    ("capture", "case", "comment", "for", "if", "ifchanged", "raw", "tablerow", "unless")
) | {"highlight"}
_BLOCK_WORDS = frozenset(("else", "elsif", "when", "end", *(f"end{name}" for name in BLOCKS)))
"""Tags that only an open block takes: an error anywhere else, whatever the plugins."""
ALWAYS_RENDERED = frozenset(("capture", "ifchanged", "highlight"))
"""Blocks whose body renders whenever the block does."""

_LIQUID_LINE = re.compile(r"\A\s*(#|\w+)\s*(.*?)\Z", _A)
"""A line of `{% liquid %}`: a tag's name and markup (Liquid's `LiquidTagToken`)."""
OPERATORS = frozenset(("==", "!=", "<>", "<", ">", ">=", "<=", "contains"))
"""The operators `Liquid::Condition` knows; another fails when the condition is evaluated."""
_ARITY_TABLE = {
    (0, 0): "abs absolute_url base64_decode base64_encode base64_url_safe_decode "
    "base64_url_safe_encode capitalize ceil cgi_escape date_to_rfc822 date_to_xmlschema "
    "downcase escape escape_once first floor h inspect jsonify last lstrip markdownify "
    "newline_to_br normalize_whitespace relative_url reverse rstrip sassify scssify size "
    "smartify strip strip_html strip_index strip_newlines to_integer upcase uri_escape "
    "url_decode url_encode xml_escape",
    (0, 1): "array_to_sentence_string compact join number_of_words pop round sample shift "
    "slugify sort_natural uniq",
    (0, 2): "date_to_long_string date_to_string default sort truncate truncatewords",
    (1, 1): "append at_least at_most concat date divided_by group_by map minus modulo plus "
    "prepend push remove remove_first remove_last split times unshift",
    (1, 2): "replace replace_first slice",
    (2, 2): "find find_exp group_by_exp replace_last where where_exp",
}
FILTER_ARITY = {name: span for span, names in _ARITY_TABLE.items() for name in names.split()}
"""The filters of Liquid 5.4 and Jekyll 4.3 and how many arguments each takes after its
input (`Method#parameters`); Ruby raises on another count, and Jekyll stops the build."""
_LEX = re.compile(
    r"""\s*(?:(?P<cmp>==|!=|<>|<=?|>=?|contains(?=\s))|(?P<str>'[^']*'|"[^"]*")"""
    r"""|(?P<num>-?\d+(?:\.\d+)?)|(?P<id>[a-zA-Z_][\w-]*\??)|(?P<dotdot>\.\.)"""
    r"""|(?P<sp>[|.:,\[\]()?-]))""",
    re.A,
)
"""Liquid's strict lexer (`Liquid::Lexer`), one token at a time."""

MAX_DEPTH = 100
"""How deep Liquid nests blocks (`Liquid::Block::MAX_DEPTH`)."""
Found = Callable[[str], "bool | None"]
"""Whether a name resolves as Jekyll resolves it: True, False, or None when not known."""


@dataclass(frozen=True)
class Fault:
    """Liquid that stops the build: where it starts in the body and what to do."""

    offset: int
    message: str


@dataclass
class Environment:
    """What the site gives the body's Liquid: the tags its plugins register (None: it loads
    plugins whose tags are not known), and how names resolve."""

    plugin_tags: frozenset[str] | None = frozenset()
    include: Found = lambda name: None
    include_relative: Found = lambda name: None
    post_url: Found = lambda name: None
    link: Found = lambda name: None


RAW_HINT = "if it is example code, wrap it in {% raw %}...{% endraw %}"


class _Stop(Exception):
    def __init__(self, fault: Fault | None) -> None:
        self.fault = fault


@dataclass
class _Frame:
    name: str
    offset: int
    line_markup: str = ""
    seen_else: bool = False
    reach: bool = False
    """An `if` or `unless` whose next `elsif` is evaluated whenever the post renders: every
    condition before it is known to send Liquid on to it."""


@dataclass
class _Parser:
    text: str
    env: Environment
    stack: list[_Frame] = field(default_factory=list)
    late: list[Fault] = field(default_factory=list)  # faults of rendering, found on the way
    outer: list[_Frame] = field(default_factory=list)
    """The blocks around a `{% liquid %}` tag being read (its own blocks end in it)."""

    def run(self) -> Fault | None:
        tokens = TOKEN.finditer(self.text)
        try:
            for m in tokens:
                self.token(m, tokens)
            if self.stack:
                top = self.stack[-1]
                close = "{% end" + top.name + " %}"
                raise self.fault(
                    top.offset,
                    f"{{% {top.name} %}} is never closed, so Jekyll stops the build ('{top.name}' "
                    f"tag was never closed); add {close} where it ends, or {RAW_HINT}",
                )
        except _Stop as stop:
            return stop.fault
        return self.late[0] if self.late else None

    def unknowable(self) -> _Stop:
        """Stop reading where what follows cannot be known: only the tags before that fail
        when rendered are certain."""
        return _Stop(self.late[0] if self.late else None)

    def fault(self, offset: int, message: str) -> _Stop:
        return _Stop(Fault(offset, message))

    def token(self, m: re.Match[str], tokens: Iterator[re.Match[str]]) -> None:
        token, at = m.group(0), m.start()
        if token.startswith("{{"):
            if not _FULL_OUTPUT.match(token):
                shown = token if len(token) <= 40 else token[:37] + "..."
                raise self.fault(
                    at,
                    f"{shown!r} has no closing }}}}, so Jekyll stops the build (Variable was not "
                    f"properly terminated); close it, or write the braces as {{{{ '{{{{' }}}}",
                )
            if "|" in token and self.certain():
                self.check_filters(_FULL_OUTPUT.match(token).group(1), at)  # type: ignore[union-attr]
            return
        full = _FULL_TAG.match(token)
        if full is None:
            shown = token if len(token) <= 40 else token[:37] + "..."
            raise self.fault(
                at,
                f"{shown!r} is no Liquid tag Jekyll can read (Tag was not properly terminated), "
                f"so it stops the build; close it with %}}, or {RAW_HINT}",
            )
        name, markup = full.group(2), full.group(4)
        if name == "liquid":
            self.liquid(markup, at + full.start(4))
            return
        self.tag(name, markup, at, tokens)

    def tag(self, name: str, markup: str, at: int, tokens: Iterator[re.Match[str]]) -> None:
        if name in LIQUID_TAGS or name in JEKYLL_TAGS:
            self.known(name, markup, at, tokens)
        elif self.env.plugin_tags is not None and name in self.env.plugin_tags:
            return
        else:
            self.unknown(name, markup, at)

    def certain(self) -> bool:
        """Whether what is read now is rendered whenever the post is."""
        return all(frame.name in ALWAYS_RENDERED for frame in (*self.outer, *self.stack))

    def liquid(self, markup: str, at: int) -> None:
        """`{% liquid %}`: each line a tag without delimiters; its blocks end in it."""
        saved, self.outer, self.stack = self.stack, [*self.outer, *self.stack], []
        offset = at
        for line in markup.split("\n"):
            here, offset = offset, offset + len(line) + 1
            if not line.strip(_RUBY_SPACE):
                continue
            if self.stack and self.stack[-1].name == "comment":
                words = line.split()
                if words[0] == "endcomment":
                    self.stack.pop()
                continue
            m = _LIQUID_LINE.match(line)
            name = m.group(1) if m else line.strip()
            if m is None:
                raise self.fault(
                    here,
                    f"{{% liquid %}} takes one tag per line, without delimiters, and "
                    f"{_short(line)!r} is none, so Jekyll stops the build (Unknown tag); write "
                    f"each line as a tag (`echo` for output), or {RAW_HINT}",
                )
            if name in ("raw", "liquid"):
                why = "its end is never found" if name == "raw" else "Unknown tag"
                raise self.fault(
                    here,
                    f"{{% liquid %}} cannot hold `{name}` ({why}), so Jekyll stops the build; "
                    "take it out of the {% liquid %} tag",
                )
            self.tag(name, m.group(2), here, iter(()))
        if self.stack:
            top = self.stack[-1]
            raise self.fault(
                top.offset,
                f"{{% liquid %}} opens {top.name} without its end{top.name}, so Jekyll stops "
                f"the build ('{top.name}' tag was never closed); add end{top.name} before %}}",
            )
        self.stack, self.outer = saved, self.outer[: len(self.outer) - len(saved)]

    def known(self, name: str, markup: str, at: int, tokens: Iterator[re.Match[str]]) -> None:
        self.check_markup(name, markup, at)
        if name == "raw":
            self.skip_raw(at, tokens)
            return
        reach = False
        if self.certain():
            if name in ("if", "unless"):
                reach = self.evaluate(name, markup, at) is (name == "unless")
            elif name == "echo":
                self.check_filters(markup, at)
            elif name == "assign" and (m := _ASSIGN.search(markup)) is not None:
                self.check_filters(m.group(2), at)
        if name in BLOCKS:
            if len(self.stack) >= MAX_DEPTH:
                raise self.fault(
                    at,
                    f"Liquid blocks nested more than {MAX_DEPTH} deep stop "
                    "Jekyll's build (Nesting too deep); nest fewer",
                )
            self.stack.append(_Frame(name, at, reach=reach))
            return
        if self.certain():
            self.rendered(name, markup, at)

    def unknown(self, name: str, markup: str, at: int) -> None:
        """A tag no registered tag has: an end, `else`, `when`... of the open block, or an
        error."""
        top = self.stack[-1] if self.stack else None
        if top is not None and self.continues(top, name, markup, at):
            return
        shown = f"{{% {name} {_short(markup)}%}}"
        if name in _BLOCK_WORDS:
            if top is None:
                why = f"{shown} belongs to no open block"
            elif name == "else":
                why = f"{{% {top.name} %}} (line {self.line_of(top.offset)}) takes no {shown}"
            else:
                why = (
                    f"{shown} cannot stand in {{% {top.name} %}} (line "
                    f"{self.line_of(top.offset)}), which Jekyll expects to end with "
                    f"{{% end{top.name} %}} first"
                )
            fix = "remove it" if top is None else f"close {{% {top.name} %}} first"
            raise self.fault(at, f"{why}, so Jekyll stops the build; {fix}, or {RAW_HINT}")
        if self.env.plugin_tags is None:
            raise self.unknowable()  # a plugin of the site may define it
        raise self.fault(
            at,
            f"{shown} is not a Liquid tag Jekyll knows, so it stops the build (Unknown tag "
            f"'{name}'); {RAW_HINT}",
        )

    def continues(self, top: _Frame, name: str, markup: str, at: int) -> bool:
        """Whether the open block ``top`` takes the tag ``name`` (its end, a branch)."""
        if name == "end" + top.name:
            self.stack.pop()
            return True
        if top.name == "comment":
            return True  # a comment ignores the tags it does not know
        if top.name in ("if", "unless") and name in ("elsif", "else"):
            if name == "elsif":
                self.check_if(markup, at, "elsif")
            top.reach = name == "elsif" and top.reach and self.evaluate(name, markup, at) is False
            return True
        if top.name == "case" and name in ("when", "else"):
            self.check_case_branch(name, markup, at)
            return True
        if top.name == "for" and name == "else":
            if top.seen_else:  # Liquid's `for` ends at a second `else` (which it takes)
                self.stack.pop()
            top.seen_else = True
            return True
        return False

    def line_of(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1

    def skip_raw(self, at: int, tokens: Iterator[re.Match[str]]) -> None:
        for m in tokens:
            end = _RAW_END.match(m.group(0))
            if end is not None and end.group(2) == "endraw":
                return
        raise self.fault(
            at,
            "{% raw %} is never closed, so Jekyll stops the build ('raw' tag was never closed); "
            "add {% endraw %} (written exactly so: `{%- endraw` does not close it)",
        )

    def check_markup(self, name: str, markup: str, at: int) -> None:
        """What Liquid's lax parser (and Jekyll's tags) refuse in a tag's markup."""
        bad: str | None = None
        if name in ("if", "unless"):
            self.check_if(markup, at, name)
        elif name == "for" and not _FOR.match(markup):
            bad = "Valid syntax: for [item] in [collection]"
        elif name == "assign" and not _ASSIGN.search(markup):
            bad = "Valid syntax: assign [var] = [source]"
        elif name == "capture" and not _CAPTURE.search(markup):
            bad = "Valid syntax: capture [var]"
        elif name == "case" and not _CASE.search(markup):
            bad = "Valid syntax: case [condition]"
        elif name == "cycle" and not _CYCLE.match(markup):
            bad = "Valid syntax: cycle [name :] var [, var2, var3 ...]"
        elif name == "tablerow" and not _TABLEROW.search(markup):
            bad = "Valid syntax: tablerow [item] in [collection] cols=3"
        elif name == "raw" and markup.strip(_RUBY_SPACE):
            bad = "Valid syntax: raw (it takes no arguments)"
        elif name == "#" and re.search(r"\n\s*[^#\s]", markup, re.A):
            bad = "each line of an inline comment must start with #"
        elif name == "render" and not _RENDER.search(markup):
            bad = "the template name must be a quoted string"
        elif name == "highlight" and not _HIGHLIGHT.search(markup.strip(_RUBY_SPACE)):
            bad = "Valid syntax: highlight <lang> [linenos]; give the language, e.g. python"
        elif name in ("include", "include_relative"):
            bad = _include_params(markup)
        elif name == "post_url" and not POST_NAME.search(_ruby_strip(markup).removeprefix("/")):
            bad = "expected a post's name such as 2020-01-01-hello"
        if bad is not None:
            raise self.fault(
                at,
                f"Jekyll cannot read {{% {name} {_short(markup)}%}} and stops the build ({bad}); "
                f"fix the tag, or {RAW_HINT}",
            )

    def check_if(self, markup: str, at: int, name: str) -> None:
        """Liquid's lax `if` (where the strict parser refuses the markup): the last
        expression, then each operator and the one before it."""
        if _strict_conditions(markup) is not None:
            return
        parts = _IF_PARTS.findall(markup)
        ok = bool(parts) and _IF_SYNTAX.search(parts.pop()) is not None
        while ok and parts:
            operator = parts.pop().strip(_RUBY_SPACE)
            before = parts.pop() if parts else ""
            ok = _IF_SYNTAX.search(before) is not None and operator in ("and", "or")
        if not ok:
            raise self.fault(
                at,
                f"Jekyll cannot read {{% {name} {_short(markup)}%}} and stops the build (Valid "
                f"syntax: {name} [expression]); give it a condition, or {RAW_HINT}",
            )

    def evaluate(self, name: str, markup: str, at: int) -> bool | None:
        """The conditions of an `if`, `elsif` or `unless` Liquid evaluates for sure, left to
        right as it does (`or` goes on after a false one, `and` after a true one): an
        operator the lax parser took (`=`, `is`, the `x` of `not x`) that
        `Liquid::Condition` does not know fails once reached. The result where it is known
        (a literal: `false`, `nil`, `true`, a number, a string), else None. (A condition
        the strict parser reads has known operators.)"""
        result: bool | None = None
        conditions = _conditions(markup)
        for text, left, operator, relation in conditions:
            if operator is not None and operator not in OPERATORS:
                self.unknown_operator(name, markup, at, text, operator, len(conditions) == 1)
                return None
            result = _truth(left) if operator is None else None
            if result is None or relation is None or result is (relation == "or"):
                return result  # unknown, the last, or decided: `or` after a true one...
        return result

    def unknown_operator(
        self, name: str, markup: str, at: int, text: str, operator: str, alone: bool
    ) -> None:
        """A condition ``text`` that fails for its ``operator`` when evaluated."""
        hint = "use ==" if operator in ("=", "is") else "use == != < > <= >= or contains"
        words = text.split(None, 1)
        if len(words) == 2 and words[0] == "not":
            tested = words[1].strip()
            hint = "Liquid has no `not`: " + (
                f"write {{% unless {tested} %}}" if alone else f"test {tested} in an unless"
            )
        self.late.append(
            Fault(
                at,
                f"{{% {name} {_short(markup)}%}}: Liquid knows no operator {operator!r} and "
                f"stops the build (Unknown operator {operator}); {hint}",
            )
        )

    def check_filters(self, markup: str, at: int) -> None:
        """The filters of an output rendered for sure: a filter of Liquid or Jekyll given a
        number of arguments it does not take (as the strict parser reads them, or the lax
        one where the strict one refuses: `| date:` has none), or an integer literal divided
        by a literal 0, fails whatever the values."""
        if self.env.plugin_tags is None:
            return  # a plugin of the site may define filters of these names
        value, filters = _filter_chain(markup)
        for n, (filter_name, args, keywords) in enumerate(filters):
            given = len(args) + (1 if keywords else 0)
            low, high = FILTER_ARITY.get(filter_name, (given, given))
            if not low <= given <= high:
                takes = f"{low}" if low == high else f"{low} to {high}"
                self.late.append(
                    Fault(
                        at,
                        f"the filter {filter_name!r} takes {takes} argument(s) and is given "
                        f"{given} ({_short(markup)}), so Jekyll stops the build (wrong number "
                        f"of arguments); write `| {filter_name}: value`",
                    )
                )
                return
            if (
                n == 0
                and filter_name in ("divided_by", "modulo")
                and _integer(value)
                and args
                and _integer(args[0]) == 0
            ):
                self.late.append(
                    Fault(
                        at,
                        f"{_short(markup)}divides an integer by 0, so Jekyll stops the build "
                        "(divided by 0); divide by another number",
                    )
                )
                return

    def check_case_branch(self, name: str, markup: str, at: int) -> None:
        if name == "else":
            ok = not markup.strip(_RUBY_SPACE)
        else:
            rest: str | None = markup
            ok = True
            while ok and rest is not None:
                m = _WHEN.search(rest)
                ok = m is not None
                rest = m.group(2) if m else None
        if not ok:
            raise self.fault(
                at,
                f"Jekyll cannot read {{% {name} {_short(markup)}%}} in {{% case %}} and stops the "
                f"build; write {{% when value %}} or a bare {{% else %}}, or {RAW_HINT}",
            )

    def rendered(self, name: str, markup: str, at: int) -> None:
        """Tags that fail when rendered: what they name cannot be found."""
        arg = _ruby_strip(markup)
        if "{{" in arg or "{%" in arg:
            return  # built by Liquid: not known here
        if name == "render":
            self.late.append(
                Fault(
                    at,
                    "Jekyll cannot render {% render %} (This liquid context does not allow "
                    "includes) and stops the build; use {% include %}, or " + RAW_HINT,
                )
            )
            return
        found: bool | None = None
        if name in ("include", "include_relative"):
            file = re.split(r"\s+", arg, maxsplit=1, flags=re.A)[0] if arg else ""
            if not file or re.search(r"[./]{2,}", file) or not _INCLUDE_NAME.search(file):
                what = f"{file!r} is not a file name Jekyll includes (letters, digits, / . - _)"
                said = f"{{% {name} %}}: {what}, so it stops the build; fix the name, or {RAW_HINT}"
                self.late.append(Fault(at, said))
                return
            resolve = self.env.include if name == "include" else self.env.include_relative
            found = resolve(file)
            where = "in the site's includes folder" if name == "include" else "beside the post"
            missing = f"there is no file {file!r} {where}; create it or fix the name"
        elif name == "post_url":
            found = self.env.post_url(arg.removeprefix("/"))
            missing = f"no post that Jekyll publishes is named {arg!r}; fix the name"
        elif name == "link":
            found = self.env.link(arg)
            missing = f"the site has no file {arg!r}; give the path from the site's root"
        if found is False:
            self.late.append(
                Fault(at, f"{{% {name} {_short(markup)}%}}: {missing} (Jekyll stops the build)")
            )


def _include_params(markup: str) -> str | None:
    """Why Jekyll's `include` refuses its parameters when it reads the tag, or None."""
    markup = _ruby_strip(markup)
    variable = _INCLUDE_VARIABLE.search(markup)
    if variable is not None:
        parts = ["", _ruby_strip(variable.group("params"))]
    else:
        parts = re.split(r"\s+", markup, maxsplit=1, flags=re.A)
    if len(parts) == 2 and not _INCLUDE_PARAMS.match(parts[1]):
        return 'parameters are written name="value"'
    return None


def _tokens(markup: str) -> list[tuple[str, str]] | None:
    """Liquid's strict lexer over ``markup``: (kind, text) pairs, None where it fails."""
    out: list[tuple[str, str]] = []
    at, end = 0, len(markup.rstrip(_RUBY_SPACE))
    while at < end:
        m = _LEX.match(markup, at)
        if m is None or m.end() == at:
            return None
        kind = m.lastgroup or ""
        out.append((m.group(kind) if kind == "sp" else kind, m.group(kind)))
        at = m.end()
    return out


class _Refused(Exception):
    """Liquid's strict parser refuses the markup (`Liquid::SyntaxError`): the lax one reads it."""


Filters = list[tuple[str, list[str], bool]]
"""Each filter's name, positional arguments, and whether keyword arguments follow."""
Condition = tuple[str, str, str | None, str | None]
"""A condition's markup, its left side, its operator and how it joins the next (and, or)."""


@dataclass
class _Strict:
    """Liquid's strict parser (`Liquid::Parser`) over the strict lexer's tokens."""

    tokens: list[tuple[str, str]]
    pos: int = 0

    @classmethod
    def of(cls, markup: str) -> _Strict:
        tokens = _tokens(markup)
        if tokens is None:
            raise _Refused
        return cls([*tokens, ("end", "")])

    def look(self, kind: str, ahead: int = 0) -> bool:
        return self.pos + ahead < len(self.tokens) and self.tokens[self.pos + ahead][0] == kind

    def take(self, kind: str) -> str:
        if not self.look(kind):
            raise _Refused
        self.pos += 1
        return self.tokens[self.pos - 1][1]

    def expression(self) -> str:
        kind = self.tokens[self.pos][0]
        if kind in ("str", "num"):
            return self.take(kind)
        if kind == "id":
            return self.take("id") + self.lookups()
        if kind == "[":
            inner = self.take("[") + self.expression() + self.take("]")
            return inner + self.lookups()
        if kind == "(":
            first = self.take("(") + self.expression() + self.take("dotdot")
            return first + self.expression() + self.take(")")
        raise _Refused

    def lookups(self) -> str:
        text = ""
        while self.look("[") or self.look("."):
            if self.look("["):
                text += self.take("[") + self.expression() + self.take("]")
            else:
                text += self.take(".") + self.take("id")
        return text

    def argument(self) -> tuple[str, bool]:
        """An argument, and whether it is a keyword one (``name: value``)."""
        keyword = self.look("id") and self.look(":", 1)
        if keyword:
            self.pos += 2
        return self.expression(), keyword


def _filter_chain(markup: str) -> tuple[str, Filters]:
    """The input and the filters of a variable's markup, read as Liquid reads it in
    Jekyll's `error_mode: warn`: strictly, or (what the strict parser refuses:
    `| date:` with no argument, a trailing comma) as the lax parser reads it."""
    try:
        return _strict_chain(_Strict.of(markup))
    except _Refused:
        return _lax_chain(markup)


def _strict_chain(p: _Strict) -> tuple[str, Filters]:
    """`Variable#strict_parse`."""
    if p.look("end"):
        return "", []
    value = p.expression()
    filters: Filters = []
    while p.look("|"):
        p.pos += 1
        name, args, keywords = p.take("id"), [], False
        if p.look(":"):
            p.pos += 1
            while True:
                arg, keyword = p.argument()
                if keyword:
                    keywords = True
                else:
                    args.append(arg)
                if not p.look(","):
                    break
                p.pos += 1
        filters.append((name, args, keywords))
    p.take("end")
    return value, filters


def _lax_chain(markup: str) -> tuple[str, Filters]:
    """`Variable#lax_parse`: the input is the first quoted fragment; after the first `|`,
    each run of fragments, commas and spaces is a filter named by its first word, whose
    arguments are the fragments after a `:` or a `,` (a keyword one: ``name: value``)."""
    found = _MARKUP_WITH_QF.search(markup)
    if found is None:
        return "", []
    value, rest = found.groups()
    after = _FILTER_MARKUP.search(rest)
    filters: Filters = []
    for chunk in _FILTER_PARSER.findall(after.group(1)) if after else []:
        name = _WORD.search(chunk)
        if name is None:
            continue
        args = _FILTER_ARGS.findall(chunk)
        positional = [arg for arg in args if not _JUST_TAG_ATTRIBUTES.match(arg)]
        filters.append((name.group(), positional, len(positional) < len(args)))
    return value, filters


def _strict_conditions(markup: str) -> list[Condition] | None:
    """`If#strict_parse`: comparisons joined by `and` and `or`; None where it refuses."""
    try:
        p = _Strict.of(markup)
        conditions: list[Condition] = []
        while True:
            start = p.pos
            left = p.expression()
            operator = p.take("cmp") if p.look("cmp") else None
            if operator is not None:
                p.expression()
            text = " ".join(t for _, t in p.tokens[start : p.pos])
            relation = p.tokens[p.pos][1] if p.look("id") else None
            if relation not in ("and", "or"):
                p.take("end")
                conditions.append((text, left, operator, None))
                return conditions
            p.pos += 1
            conditions.append((text, left, operator, relation))
    except _Refused:
        return None


def _conditions(markup: str) -> list[Condition]:
    """The conditions of an `if`, `elsif` or `unless`, left to right, as Liquid reads them
    (strictly, or as the lax parser does; markup neither reads fails earlier)."""
    strict = _strict_conditions(markup)
    if strict is not None:
        return strict
    parts = _IF_PARTS.findall(markup)
    conditions: list[Condition] = []
    for n in range(0, len(parts), 2):
        m = _IF_SYNTAX.search(parts[n])
        if m is None:
            return conditions
        relation = parts[n + 1].strip(_RUBY_SPACE) if n + 1 < len(parts) else None
        conditions.append((parts[n].strip(_RUBY_SPACE), m.group(1), m.group(2), relation))
    return conditions


def _truth(left: str) -> bool | None:
    """Whether a condition of ``left`` alone is true, where it is a literal (Liquid's false
    ones: `false`, `nil`, `null`; a string, even empty, and a number are true); None for a
    variable, or a range (which can fail on its own)."""
    if len(left) >= 2 and left[0] == left[-1] and left[0] in "'\"":
        return True
    if left in ("false", "nil", "null"):
        return False
    return True if left in ("true", "blank", "empty") or _NUMBER.fullmatch(left) else None


def _integer(literal: str) -> int | None:
    """The integer a literal is to Liquid's arithmetic (`1`, `"1"`), else None."""
    text = literal[1:-1] if literal[:1] in ("'", '"') else literal
    return int(text) if re.fullmatch(r"-?\d+", text, re.A) else None


def _ruby_strip(text: str) -> str:
    return text.strip(_RUBY_SPACE + "\0")


def _short(markup: str) -> str:
    shown = " ".join(markup.split())
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    return shown + " " if shown else ""


def first_fault(text: str, env: Environment) -> Fault | None:
    """The Liquid in ``text`` (a body) that stops Jekyll's build, or None.

    Parse errors come first, as Liquid parses the whole body before it renders any of it;
    then the first tag that fails when rendered.
    """
    if "{%" not in text and "{{" not in text:
        return None
    return _Parser(text, env).run()
