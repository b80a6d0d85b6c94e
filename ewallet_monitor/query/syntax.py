"""The filter language's grammar: a tokenizer and a recursive-descent parser.

Grammar (lowest precedence first; keywords are case-insensitive)::

    expr       := and_expr ( ("or" | "||") and_expr )*
    and_expr   := not_expr ( ("and" | "&&") not_expr )*
    not_expr   := ("not" | "!") not_expr | primary
    primary    := "(" expr ")" | FIELD [ OPERATOR value ]
    OPERATOR   := "==" | "!=" | "<" | "<=" | ">" | ">=" | "~" | "contains"
    value      := "quoted text" | 'quoted text' | bare-word

A field alone is true when the row has a value for it (``error``: the row carries an
error). A bare word is any run of characters without spaces, quotes, parentheses or
operator characters (``BTC``, ``0.5``, ``10:00``, ``5m``); quote anything else. Quoted
text takes ``\\"``, ``\\'``, ``\\\\``, ``\\n`` and ``\\t`` escapes; any other backslash is
kept as written (``"^usr_\\d+$"`` is the regular expression it looks like).

Hand-written rather than generated: the grammar is a dozen lines, the parser must say at
which column it failed and which token it expected (a library's error object would have
to be translated into that anyway), and the package stays free of dependencies so the
store, the models and the command line share it.
"""

from __future__ import annotations

from dataclasses import dataclass

OPERATORS = ("==", "!=", "<=", ">=", "<", ">", "~", "contains")
_SYMBOL_OPERATORS = ("==", "!=", "<=", ">=", "<", ">", "~")
# Characters that end a bare word.
_SPECIAL = frozenset(" \t\r\n()\"'!=<>~&|")


class QueryError(ValueError):
    """A bad expression: where (1-based ``column``) and what was expected there."""

    def __init__(self, message: str, column: int, expected: str = "") -> None:
        self.message = message
        self.column = column
        self.expected = expected
        super().__init__(f"column {column}: {message}")


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "word", "text" (quoted), "op", "(", ")", "and", "or", "not", "end"
    value: str
    column: int  # 1-based


@dataclass(frozen=True, slots=True)
class Comparison:
    """``field op value``; ``op`` is ``None`` for a bare field (the field has a value)."""

    field: str
    op: str | None
    value: str | None
    column: int  # of the field
    op_column: int  # of the operator (the field's, for a bare field)
    value_column: int  # of the value (or the field, for a bare field)


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node


@dataclass(frozen=True, slots=True)
class And:
    operands: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    operands: tuple[Node, ...]


Node = Comparison | Not | And | Or

_KEYWORDS = {"and": "and", "or": "or", "not": "not"}
_ESCAPES = {'"': '"', "'": "'", "\\": "\\", "n": "\n", "t": "\t"}


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``, ending with an ``end`` token; :class:`QueryError` if a
    character cannot start a token or a quote is not closed."""
    tokens: list[Token] = []
    i = 0
    n = len(text)
    while i < n:
        char = text[i]
        column = i + 1
        if char in " \t\r\n":
            i += 1
        elif char in "()":
            tokens.append(Token(char, char, column))
            i += 1
        elif char in "\"'":
            value, i = _quoted(text, i)
            tokens.append(Token("text", value, column))
        elif text.startswith("&&", i):
            tokens.append(Token("and", "&&", column))
            i += 2
        elif text.startswith("||", i):
            tokens.append(Token("or", "||", column))
            i += 2
        elif op := next((o for o in _SYMBOL_OPERATORS if text.startswith(o, i)), None):
            tokens.append(Token("op", op, column))
            i += len(op)
        elif char == "!":
            tokens.append(Token("not", "!", column))
            i += 1
        elif char in _SPECIAL:  # a lone '=', '&' or '|'
            expected = {"=": "'=='", "&": "'&&'", "|": "'||'"}[char]
            raise QueryError(f"unexpected {char!r}, expected {expected}", column, expected)
        else:
            start = i
            while i < n and text[i] not in _SPECIAL:
                i += 1
            word = text[start:i]
            keyword = _KEYWORDS.get(word.lower())
            if keyword is not None:
                tokens.append(Token(keyword, word, column))
            elif word.lower() == "contains":
                tokens.append(Token("op", "contains", column))
            else:
                tokens.append(Token("word", word, column))
    tokens.append(Token("end", "", n + 1))
    return tokens


def _quoted(text: str, start: int) -> tuple[str, int]:
    quote = text[start]
    out: list[str] = []
    i = start + 1
    while i < len(text):
        char = text[i]
        if char == quote:
            return "".join(out), i + 1
        if char == "\\":
            escaped = text[i + 1] if i + 1 < len(text) else ""
            # Any other backslash stays as written, so a regex's \d needs no doubling.
            out.append(_ESCAPES.get(escaped, "\\" + escaped))
            i += 2
            continue
        out.append(char)
        i += 1
    raise QueryError("quoted text is not closed", start + 1, f"a closing {quote}")


def _describe(token: Token) -> str:
    if token.kind == "end":
        return "the end of the expression"
    if token.kind == "text":
        return f'"{token.value}"'
    return repr(token.value)


class _Parser:
    def __init__(self, tokens: list[Token], fields: frozenset[str]) -> None:
        self._tokens = tokens
        self._at = 0
        self._fields = fields

    def _peek(self) -> Token:
        return self._tokens[self._at]

    def _take(self) -> Token:
        token = self._tokens[self._at]
        self._at += 1
        return token

    def _fail(self, expected: str) -> QueryError:
        token = self._peek()
        return QueryError(f"expected {expected}, found {_describe(token)}", token.column, expected)

    def parse(self) -> Node:
        node = self._or()
        if self._peek().kind != "end":
            raise self._fail("'and', 'or' or the end of the expression")
        return node

    def _or(self) -> Node:
        operands = [self._and()]
        while self._peek().kind == "or":
            self._take()
            operands.append(self._and())
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def _and(self) -> Node:
        operands = [self._not()]
        while self._peek().kind == "and":
            self._take()
            operands.append(self._not())
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def _not(self) -> Node:
        if self._peek().kind == "not":
            self._take()
            return Not(self._not())
        return self._primary()

    def _primary(self) -> Node:
        token = self._peek()
        if token.kind == "(":
            self._take()
            node = self._or()
            if self._peek().kind != ")":
                raise self._fail("')'")
            self._take()
            return node
        if token.kind != "word" or token.value.lower() not in self._fields:
            raise self._fail("a field (" + ", ".join(sorted(self._fields)) + ") or '('")
        self._take()
        field = token.value.lower()
        if self._peek().kind != "op":
            return Comparison(field, None, None, token.column, token.column, token.column)
        op_token = self._take()
        op = op_token.value
        value = self._peek()
        if value.kind not in ("word", "text"):
            raise self._fail("a value (quoted text, a number or a word)")
        self._take()
        return Comparison(field, op, value.value, token.column, op_token.column, value.column)


def parse(text: str, fields: frozenset[str]) -> Node:
    """The syntax tree of ``text``; :class:`QueryError` says where it is wrong."""
    tokens = tokenize(text)
    if tokens[0].kind == "end":
        raise QueryError("the expression is empty", 1, "a field or '('")
    return _Parser(tokens, fields).parse()
