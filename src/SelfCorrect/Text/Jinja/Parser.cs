using System.Globalization;

namespace SelfCorrect.Text.Jinja;

/// <summary>Recursive-descent parser for the Jinja subset chat templates use, with Jinja2's
/// operator precedence: if-else &lt; or &lt; and &lt; not &lt; comparisons &lt; + - &lt; ~ &lt; * / // % &lt; **
/// &lt; unary minus &lt; filters, tests and calls &lt; attribute and index access.</summary>
public sealed class Parser
{
    readonly List<Token> _tokens;
    int _pos;

    Parser(List<Token> tokens) => _tokens = tokens;

    public static IReadOnlyList<Node> Parse(string template)
    {
        var parser = new Parser(Lexer.Tokenize(template));
        var body = parser.ParseBody(out string? end);
        if (end is not null) throw new JinjaError($"unexpected {{% {end} %}}");
        return body;
    }

    Token Current => _tokens[_pos];
    Token Next() => _tokens[_pos++];
    bool IsName(string name, int ahead = 0) => _tokens[_pos + ahead] is { Kind: TokenKind.Name } t && t.Value == name;
    bool IsOp(string op) => Current is { Kind: TokenKind.Operator } t && t.Value == op;
    bool AcceptName(string name) { if (!IsName(name)) return false; _pos++; return true; }
    bool AcceptOp(string op) { if (!IsOp(op)) return false; _pos++; return true; }

    void ExpectOp(string op)
    {
        if (!AcceptOp(op)) throw Error($"expected '{op}'");
    }

    void ExpectClose()
    {
        if (Current.Kind != TokenKind.Close) throw Error("expected end of tag");
        _pos++;
    }

    string ExpectName()
    {
        if (Current.Kind != TokenKind.Name) throw Error("expected a name");
        return Next().Value;
    }

    JinjaError Error(string message) =>
        new($"{message} at position {Current.Position} (found {Current.Kind} '{Current.Value}')");

    static readonly HashSet<string> BodyEnds = ["elif", "else", "endif", "endfor", "endset", "endmacro"];

    /// <summary>Parses nodes until the end of input or a tag that closes a block; that tag's keyword
    /// is returned in end (null at end of input), with the parser positioned after the keyword.</summary>
    List<Node> ParseBody(out string? end)
    {
        var nodes = new List<Node>();
        while (true)
        {
            var token = Next();
            switch (token.Kind)
            {
                case TokenKind.End:
                    end = null;
                    return nodes;
                case TokenKind.Text:
                    nodes.Add(new TextNode(token.Value));
                    break;
                case TokenKind.OutputOpen:
                    nodes.Add(new OutputNode(ParseExpression()));
                    ExpectClose();
                    break;
                case TokenKind.StatementOpen:
                    string keyword = ExpectName();
                    if (BodyEnds.Contains(keyword)) { end = keyword; return nodes; }
                    nodes.Add(ParseStatement(keyword));
                    break;
                default:
                    throw Error("unexpected token");
            }
        }
    }

    List<Node> ParseBlock(string expectedEnd, out string end)
    {
        var body = ParseBody(out string? found);
        end = found ?? throw new JinjaError($"missing {{% {expectedEnd} %}}");
        return body;
    }

    Node ParseStatement(string keyword)
    {
        switch (keyword)
        {
            case "if": return ParseIf();
            case "for": return ParseFor();
            case "set": return ParseSet();
            case "macro": return ParseMacro();
            case "break": ExpectClose(); return new BreakNode();
            case "continue": ExpectClose(); return new ContinueNode();
            default: throw new JinjaError($"unsupported statement '{keyword}' at position {Current.Position}");
        }
    }

    Node ParseIf()
    {
        var branches = new List<(Expr, IReadOnlyList<Node>)>();
        IReadOnlyList<Node> elseBody = [];
        var condition = ParseExpression();
        while (true)
        {
            ExpectClose();
            var body = ParseBlock("endif", out string end);
            branches.Add((condition, body));
            if (end == "elif") { condition = ParseExpression(); continue; }
            if (end == "else")
            {
                ExpectClose();
                elseBody = ParseBlock("endif", out end);
            }
            if (end != "endif") throw new JinjaError($"expected {{% endif %}}, found {{% {end} %}}");
            ExpectClose();
            return new IfNode(branches, elseBody);
        }
    }

    Node ParseFor()
    {
        var targets = new List<string> { ExpectName() };
        while (AcceptOp(",")) targets.Add(ExpectName());
        if (!AcceptName("in")) throw Error("expected 'in'");
        var iterable = ParseOr();
        var filter = AcceptName("if") ? ParseOr() : null;
        ExpectClose();
        var body = ParseBlock("endfor", out string end);
        IReadOnlyList<Node> elseBody = [];
        if (end == "else")
        {
            ExpectClose();
            elseBody = ParseBlock("endfor", out end);
        }
        if (end != "endfor") throw new JinjaError($"expected {{% endfor %}}, found {{% {end} %}}");
        ExpectClose();
        return new ForNode(targets, iterable, filter, body, elseBody);
    }

    Node ParseSet()
    {
        string name = ExpectName();
        Expr target = new NameExpr(name);
        if (AcceptOp(".")) target = new AttrExpr(target, ExpectName());
        else if (IsOp(","))
        {
            var names = new List<Expr> { target };
            while (AcceptOp(",")) names.Add(new NameExpr(ExpectName()));
            target = new TupleExpr(names);
        }
        if (Current.Kind == TokenKind.Close && target is NameExpr)
        {
            ExpectClose();
            var body = ParseBlock("endset", out string end);
            if (end != "endset") throw new JinjaError($"expected {{% endset %}}, found {{% {end} %}}");
            ExpectClose();
            return new SetBlockNode(name, body);
        }
        ExpectOp("=");
        var value = ParseTupleOrExpression();
        ExpectClose();
        return new SetNode(target, value);
    }

    Node ParseMacro()
    {
        string name = ExpectName();
        var parameters = new List<(string, Expr?)>();
        ExpectOp("(");
        while (!AcceptOp(")"))
        {
            string p = ExpectName();
            parameters.Add((p, AcceptOp("=") ? ParseExpression() : null));
            if (!IsOp(")")) ExpectOp(",");
        }
        ExpectClose();
        var body = ParseBlock("endmacro", out string end);
        if (end != "endmacro") throw new JinjaError($"expected {{% endmacro %}}, found {{% {end} %}}");
        ExpectClose();
        return new MacroNode(name, parameters, body);
    }

    /// <summary>An expression, or a bare tuple "a, b" (as in {% set a, b = 1, 2 %}).</summary>
    Expr ParseTupleOrExpression()
    {
        var first = ParseExpression();
        if (!IsOp(",")) return first;
        var items = new List<Expr> { first };
        while (AcceptOp(",")) items.Add(ParseExpression());
        return new TupleExpr(items);
    }

    public Expr ParseExpression()
    {
        var expr = ParseOr();
        while (AcceptName("if"))
        {
            var condition = ParseOr();
            var otherwise = AcceptName("else") ? ParseExpression() : null;
            expr = new ConditionalExpr(condition, expr, otherwise);
        }
        return expr;
    }

    Expr ParseOr()
    {
        var left = ParseAnd();
        while (AcceptName("or")) left = new BinaryExpr("or", left, ParseAnd());
        return left;
    }

    Expr ParseAnd()
    {
        var left = ParseNot();
        while (AcceptName("and")) left = new BinaryExpr("and", left, ParseNot());
        return left;
    }

    Expr ParseNot() => AcceptName("not") ? new UnaryExpr("not", ParseNot()) : ParseCompare();

    static readonly HashSet<string> Comparisons = ["==", "!=", "<", ">", "<=", ">="];

    Expr ParseCompare()
    {
        var left = ParseMath1();
        Expr? chain = null;
        while (true)
        {
            string op;
            if (Current.Kind == TokenKind.Operator && Comparisons.Contains(Current.Value)) op = Next().Value;
            else if (AcceptName("in")) op = "in";
            else if (IsName("not") && IsName("in", 1)) { _pos += 2; op = "not in"; }
            else return chain ?? left;
            var right = ParseMath1();
            var comparison = new BinaryExpr(op, left, right);
            chain = chain is null ? comparison : new BinaryExpr("and", chain, comparison);
            left = right;
        }
    }

    Expr ParseMath1()
    {
        var left = ParseConcat();
        while (IsOp("+") || IsOp("-")) left = new BinaryExpr(Next().Value, left, ParseConcat());
        return left;
    }

    Expr ParseConcat()
    {
        var left = ParseMath2();
        while (AcceptOp("~")) left = new BinaryExpr("~", left, ParseMath2());
        return left;
    }

    Expr ParseMath2()
    {
        var left = ParsePow();
        while (IsOp("*") || IsOp("/") || IsOp("//") || IsOp("%")) left = new BinaryExpr(Next().Value, left, ParsePow());
        return left;
    }

    Expr ParsePow()
    {
        var left = ParseUnary(withFilters: true);
        while (AcceptOp("**")) left = new BinaryExpr("**", left, ParseUnary(withFilters: true));
        return left;
    }

    Expr ParseUnary(bool withFilters)
    {
        Expr node;
        if (AcceptOp("-")) node = new UnaryExpr("-", ParseUnary(withFilters: false));
        else if (AcceptOp("+")) node = ParseUnary(withFilters: false);
        else node = ParsePostfix(ParsePrimary());
        return withFilters ? ParseFiltersAndTests(node) : node;
    }

    Expr ParsePrimary()
    {
        var token = Next();
        switch (token.Kind)
        {
            case TokenKind.Name:
                return token.Value switch
                {
                    "true" or "True" => new LiteralExpr(true),
                    "false" or "False" => new LiteralExpr(false),
                    "none" or "None" => new LiteralExpr(null),
                    _ => new NameExpr(token.Value),
                };
            case TokenKind.String:
                string s = token.Value;
                while (Current.Kind == TokenKind.String) s += Next().Value; // adjacent literals concatenate
                return new LiteralExpr(s);
            case TokenKind.Integer:
                return new LiteralExpr(long.Parse(token.Value, CultureInfo.InvariantCulture));
            case TokenKind.Float:
                return new LiteralExpr(double.Parse(token.Value, CultureInfo.InvariantCulture));
            case TokenKind.Operator when token.Value == "(":
                if (AcceptOp(")")) return new TupleExpr([]);
                var first = ParseExpression();
                if (AcceptOp(")")) return first;
                var items = new List<Expr> { first };
                while (AcceptOp(",") && !IsOp(")")) items.Add(ParseExpression());
                ExpectOp(")");
                return new TupleExpr(items);
            case TokenKind.Operator when token.Value == "[":
                var list = new List<Expr>();
                while (!AcceptOp("]"))
                {
                    list.Add(ParseExpression());
                    if (!IsOp("]")) ExpectOp(",");
                }
                return new ListExpr(list);
            case TokenKind.Operator when token.Value == "{":
                var pairs = new List<(Expr, Expr)>();
                while (!AcceptOp("}"))
                {
                    var key = ParseExpression();
                    ExpectOp(":");
                    pairs.Add((key, ParseExpression()));
                    if (!IsOp("}")) ExpectOp(",");
                }
                return new DictExpr(pairs);
            default:
                _pos--;
                throw Error("expected an expression");
        }
    }

    Expr ParsePostfix(Expr node)
    {
        while (true)
        {
            if (AcceptOp("."))
            {
                var token = Next();
                if (token.Kind is not (TokenKind.Name or TokenKind.Integer)) { _pos--; throw Error("expected an attribute name"); }
                node = token.Kind == TokenKind.Integer
                    ? new IndexExpr(node, new LiteralExpr(long.Parse(token.Value, CultureInfo.InvariantCulture)))
                    : new AttrExpr(node, token.Value);
            }
            else if (AcceptOp("[")) node = ParseSubscript(node);
            else if (IsOp("(")) node = ParseCall(node);
            else return node;
        }
    }

    Expr ParseSubscript(Expr target)
    {
        Expr? start = IsOp(":") ? null : ParseExpression();
        if (AcceptOp("]")) return new IndexExpr(target, start!);
        ExpectOp(":");
        Expr? stop = IsOp(":") || IsOp("]") ? null : ParseExpression();
        Expr? step = null;
        if (AcceptOp(":") && !IsOp("]")) step = ParseExpression();
        ExpectOp("]");
        return new SliceExpr(target, start, stop, step);
    }

    CallExpr ParseCall(Expr function)
    {
        var (args, kwargs) = ParseArguments();
        return new CallExpr(function, args, kwargs);
    }

    (List<Expr>, List<(string, Expr)>) ParseArguments()
    {
        ExpectOp("(");
        var args = new List<Expr>();
        var kwargs = new List<(string, Expr)>();
        while (!AcceptOp(")"))
        {
            if (Current.Kind == TokenKind.Name && _tokens[_pos + 1] is { Kind: TokenKind.Operator, Value: "=" })
            {
                string name = Next().Value;
                _pos++;
                kwargs.Add((name, ParseExpression()));
            }
            else args.Add(ParseExpression());
            if (!IsOp(")")) ExpectOp(",");
        }
        return (args, kwargs);
    }

    Expr ParseFiltersAndTests(Expr node)
    {
        while (true)
        {
            if (AcceptOp("|"))
            {
                string name = ExpectName();
                var (args, kwargs) = IsOp("(") ? ParseArguments() : ([], []);
                node = new FilterExpr(node, name, args, kwargs);
            }
            else if (AcceptName("is"))
            {
                bool negated = AcceptName("not");
                string name = ExpectName();
                var args = new List<Expr>();
                if (IsOp("(")) args = ParseArguments().Item1;
                else if (StartsTestArgument()) args.Add(ParsePostfix(ParsePrimary()));
                node = new TestExpr(node, name, args, negated);
            }
            else if (IsOp("(")) node = ParseCall(node);
            else return node;
        }
    }

    /// <summary>A test takes one argument without parentheses, as in "is divisibleby 3".</summary>
    bool StartsTestArgument() => Current.Kind switch
    {
        TokenKind.Name => Current.Value is not ("else" or "or" or "and" or "if" or "in" or "not" or "is"),
        TokenKind.String or TokenKind.Integer or TokenKind.Float => true,
        TokenKind.Operator => Current.Value is "[" or "{",
        _ => false,
    };
}
