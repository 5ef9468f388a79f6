using System.Text;

namespace SelfCorrect.Text.Jinja;

/// <summary>Walks a parsed template and writes its output. Scopes follow Jinja: a for loop or a
/// macro call gets its own scope, so a set inside it is not seen after it (namespace() is).</summary>
public sealed class Interpreter
{
    sealed class Scope(Scope? parent)
    {
        readonly Dictionary<string, object?> _vars = [];
        public Scope? Parent { get; } = parent;
        public void Set(string name, object? value) => _vars[name] = value;
        public object? Get(string name)
        {
            for (var s = this; s is not null; s = s.Parent)
                if (s._vars.TryGetValue(name, out var v)) return v;
            return Undefined.Instance;
        }
    }

    enum Flow { Normal, Break, Continue }

    readonly StringBuilder _out = new();
    readonly Scope _globals;

    Interpreter(IReadOnlyDictionary<string, object?> globals, IReadOnlyDictionary<string, object?> context)
    {
        _globals = new Scope(null);
        foreach (var (name, value) in globals) _globals.Set(name, value);
        foreach (var (name, value) in context) _globals.Set(name, Values.From(value));
    }

    public static string Render(IReadOnlyList<Node> program, IReadOnlyDictionary<string, object?> globals, IReadOnlyDictionary<string, object?> context)
    {
        var interpreter = new Interpreter(globals, context);
        interpreter.Exec(program, new Scope(interpreter._globals));
        return interpreter._out.ToString();
    }

    Flow Exec(IReadOnlyList<Node> nodes, Scope scope)
    {
        foreach (var node in nodes)
        {
            var flow = Exec(node, scope);
            if (flow != Flow.Normal) return flow;
        }
        return Flow.Normal;
    }

    Flow Exec(Node node, Scope scope)
    {
        switch (node)
        {
            case TextNode text:
                _out.Append(text.Text);
                return Flow.Normal;
            case OutputNode output:
                _out.Append(Values.Str(Eval(output.Value, scope)));
                return Flow.Normal;
            case IfNode ifNode:
                foreach (var (condition, body) in ifNode.Branches)
                    if (Values.Truthy(Eval(condition, scope))) return Exec(body, scope);
                return Exec(ifNode.Else, scope);
            case ForNode forNode:
                ExecFor(forNode, scope);
                return Flow.Normal;
            case SetNode set:
                Assign(set.Target, Eval(set.Value, scope), scope);
                return Flow.Normal;
            case SetBlockNode setBlock:
                scope.Set(setBlock.Name, Capture(setBlock.Body, scope));
                return Flow.Normal;
            case MacroNode macro:
                scope.Set(macro.Name, MakeMacro(macro, scope));
                return Flow.Normal;
            case BreakNode:
                return Flow.Break;
            case ContinueNode:
                return Flow.Continue;
            default:
                throw new JinjaError($"cannot run {node.GetType().Name}");
        }
    }

    string Capture(IReadOnlyList<Node> body, Scope scope)
    {
        int start = _out.Length;
        Exec(body, scope);
        string captured = _out.ToString(start, _out.Length - start);
        _out.Length = start;
        return captured;
    }

    void Assign(Expr target, object? value, Scope scope)
    {
        switch (target)
        {
            case NameExpr name:
                scope.Set(name.Name, value);
                break;
            case AttrExpr { Target: NameExpr owner } attr:
                if (scope.Get(owner.Name) is not Namespace ns) throw new JinjaError($"cannot set attribute '{attr.Name}' on '{owner.Name}': only a namespace() takes attributes");
                ns.Attributes[attr.Name] = value;
                break;
            case TupleExpr tuple:
                var items = Values.Iterate(value);
                if (items.Count != tuple.Items.Count) throw new JinjaError($"cannot unpack {items.Count} values into {tuple.Items.Count} names");
                for (int i = 0; i < items.Count; i++) Assign(tuple.Items[i], items[i], scope);
                break;
            default:
                throw new JinjaError("cannot assign to this expression");
        }
    }

    void ExecFor(ForNode node, Scope scope)
    {
        var items = Values.Iterate(Eval(node.Iterable, scope));
        if (node.Filter is not null)
        {
            items = items.Where(item =>
            {
                var probe = new Scope(scope);
                Bind(node.Targets, item, probe);
                return Values.Truthy(Eval(node.Filter, probe));
            }).ToList();
        }
        if (items.Count == 0)
        {
            Exec(node.Else, new Scope(scope));
            return;
        }
        for (int i = 0; i < items.Count; i++)
        {
            var body = new Scope(scope);
            Bind(node.Targets, items[i], body);
            body.Set("loop", LoopInfo(items, i));
            if (Exec(node.Body, body) == Flow.Break) break;
        }
    }

    static void Bind(IReadOnlyList<string> targets, object? item, Scope scope)
    {
        if (targets.Count == 1) { scope.Set(targets[0], item); return; }
        var parts = Values.Iterate(item);
        if (parts.Count != targets.Count) throw new JinjaError($"cannot unpack {parts.Count} values into {targets.Count} loop variables");
        for (int i = 0; i < targets.Count; i++) scope.Set(targets[i], parts[i]);
    }

    static OrderedDictionary<string, object?> LoopInfo(List<object?> items, int i) => new()
    {
        ["index"] = (long)(i + 1),
        ["index0"] = (long)i,
        ["revindex"] = (long)(items.Count - i),
        ["revindex0"] = (long)(items.Count - i - 1),
        ["first"] = i == 0,
        ["last"] = i == items.Count - 1,
        ["length"] = (long)items.Count,
        ["previtem"] = i > 0 ? items[i - 1] : Undefined.Instance,
        ["nextitem"] = i < items.Count - 1 ? items[i + 1] : Undefined.Instance,
        ["cycle"] = (JinjaFunction)((args, _) => args.Count == 0 ? Undefined.Instance : args[i % args.Count]),
    };

    JinjaFunction MakeMacro(MacroNode macro, Scope definedIn) => (args, kwargs) =>
    {
        var scope = new Scope(definedIn);
        for (int i = 0; i < macro.Parameters.Count; i++)
        {
            var (name, fallback) = macro.Parameters[i];
            object? value = i < args.Count ? args[i]
                : kwargs.TryGetValue(name, out var kw) ? kw
                : fallback is null ? Undefined.Instance : Eval(fallback, definedIn);
            scope.Set(name, value);
        }
        return Capture(macro.Body, scope);
    };

    object? Eval(Expr expr, Scope scope)
    {
        switch (expr)
        {
            case LiteralExpr literal: return literal.Value;
            case NameExpr name: return scope.Get(name.Name);
            case ListExpr list: return list.Items.Select(e => Eval(e, scope)).ToList();
            case TupleExpr tuple: return tuple.Items.Select(e => Eval(e, scope)).ToList();
            case DictExpr dict:
                var d = new OrderedDictionary<string, object?>();
                foreach (var (key, value) in dict.Pairs) d[Values.Str(Eval(key, scope))] = Eval(value, scope);
                return d;
            case AttrExpr attr: return GetAttribute(Eval(attr.Target, scope), attr.Name);
            case IndexExpr index: return GetItem(Eval(index.Target, scope), Eval(index.Index, scope));
            case SliceExpr slice:
                return Slice(Eval(slice.Target, scope), EvalOptional(slice.Start, scope), EvalOptional(slice.Stop, scope), EvalOptional(slice.Step, scope));
            case CallExpr call:
                var function = Eval(call.Function, scope) as JinjaFunction
                    ?? throw new JinjaError($"{Describe(call.Function)} is not callable");
                return function(call.Args.Select(a => Eval(a, scope)).ToList(), call.Kwargs.ToDictionary(k => k.Name, k => Eval(k.Value, scope)));
            case FilterExpr filter:
                if (!Builtins.Filters.TryGetValue(filter.Name, out var f)) throw new JinjaError($"unknown filter '{filter.Name}'");
                return f(Eval(filter.Value, scope), filter.Args.Select(a => Eval(a, scope)).ToList(), filter.Kwargs.ToDictionary(k => k.Name, k => Eval(k.Value, scope)));
            case TestExpr test:
                if (!Builtins.Tests.TryGetValue(test.Name, out var t)) throw new JinjaError($"unknown test '{test.Name}'");
                return t(Eval(test.Value, scope), test.Args.Select(a => Eval(a, scope)).ToList()) != test.Negated;
            case UnaryExpr { Op: "not" } not: return !Values.Truthy(Eval(not.Operand, scope));
            case UnaryExpr { Op: "-" } neg:
                return Eval(neg.Operand, scope) switch
                {
                    long l => (object)-l,
                    double v => -v,
                    var other => throw new JinjaError($"cannot negate {Values.TypeName(other)}"),
                };
            case BinaryExpr { Op: "and" } and:
                var left = Eval(and.Left, scope);
                return Values.Truthy(left) ? Eval(and.Right, scope) : left;
            case BinaryExpr { Op: "or" } or:
                var first = Eval(or.Left, scope);
                return Values.Truthy(first) ? first : Eval(or.Right, scope);
            case BinaryExpr binary: return Binary(binary.Op, Eval(binary.Left, scope), Eval(binary.Right, scope));
            case ConditionalExpr conditional:
                return Values.Truthy(Eval(conditional.Condition, scope)) ? Eval(conditional.Then, scope)
                    : conditional.Else is null ? Undefined.Instance : Eval(conditional.Else, scope);
            default:
                throw new JinjaError($"cannot evaluate {expr.GetType().Name}");
        }
    }

    object? EvalOptional(Expr? expr, Scope scope) => expr is null ? null : Eval(expr, scope);

    static string Describe(Expr e) => e switch
    {
        NameExpr n => $"'{n.Name}'",
        AttrExpr a => $"'{a.Name}'",
        _ => "expression",
    };

    static object? Binary(string op, object? a, object? b) => op switch
    {
        "==" => Values.Equals(a, b),
        "!=" => !Values.Equals(a, b),
        "<" => Values.Compare(a, b) < 0,
        ">" => Values.Compare(a, b) > 0,
        "<=" => Values.Compare(a, b) <= 0,
        ">=" => Values.Compare(a, b) >= 0,
        "in" => Contains(b, a),
        "not in" => !Contains(b, a),
        "~" => Values.Str(a) + Values.Str(b),
        _ => Arithmetic(op, a, b),
    };

    public static object? Arithmetic(string op, object? a, object? b)
    {
        if (a is bool ba) a = ba ? 1L : 0L;
        if (b is bool bb) b = bb ? 1L : 0L;
        switch (op, a, b)
        {
            case ("+", string x, string y): return x + y;
            case ("+", List<object?> x, List<object?> y): return x.Concat(y).ToList();
            case ("*", string x, long n): return string.Concat(Enumerable.Repeat(x, (int)Math.Max(0, n)));
            case ("*", List<object?> x, long n): return Enumerable.Repeat(x, (int)Math.Max(0, n)).SelectMany(l => l).ToList();
            case (_, long x, long y):
                return op switch
                {
                    "+" => (object)(x + y),
                    "-" => x - y,
                    "*" => x * y,
                    "/" => y == 0 ? throw new JinjaError("division by zero") : (double)x / y,
                    "//" => y == 0 ? throw new JinjaError("division by zero") : (long)Math.Floor((double)x / y),
                    "%" => y == 0 ? throw new JinjaError("modulo by zero") : ((x % y) + y) % y,
                    "**" => y >= 0 ? (long)Math.Pow(x, y) : (object)Math.Pow(x, y),
                    _ => throw new JinjaError($"unknown operator {op}"),
                };
            case (_, long or double, long or double):
                double p = Convert.ToDouble(a), q = Convert.ToDouble(b);
                return op switch
                {
                    "+" => p + q,
                    "-" => p - q,
                    "*" => p * q,
                    "/" => p / q,
                    "//" => Math.Floor(p / q),
                    "%" => p - q * Math.Floor(p / q),
                    "**" => Math.Pow(p, q),
                    _ => throw new JinjaError($"unknown operator {op}"),
                };
            default:
                throw new JinjaError($"unsupported operand types for {op}: {Values.TypeName(a)} and {Values.TypeName(b)}");
        }
    }

    public static bool Contains(object? container, object? item) => container switch
    {
        string s => item is string sub ? s.Contains(sub, StringComparison.Ordinal) : throw new JinjaError("'in <string>' needs a string on the left"),
        List<object?> list => list.Any(x => Values.Equals(x, item)),
        OrderedDictionary<string, object?> d => item is string key && d.ContainsKey(key),
        Undefined or null => false,
        _ => throw new JinjaError($"'in' needs a container, got {Values.TypeName(container)}"),
    };

    /// <summary>x.name: a dict entry, a namespace attribute, or a method; Undefined if none.</summary>
    public static object? GetAttribute(object? target, string name)
    {
        if (target is OrderedDictionary<string, object?> d && d.TryGetValue(name, out var value)) return value;
        if (target is Namespace ns) return ns.Attributes.TryGetValue(name, out var attr) ? attr : Undefined.Instance;
        return Builtins.Method(target, name) ?? (object?)Undefined.Instance;
    }

    static object? GetItem(object? target, object? key)
    {
        switch (target, key)
        {
            case (OrderedDictionary<string, object?> d, string k): return d.TryGetValue(k, out var v) ? v : Undefined.Instance;
            case (Namespace ns, string k): return GetAttribute(ns, k);
            case (List<object?> list, long i):
                long at = i < 0 ? list.Count + i : i;
                return at >= 0 && at < list.Count ? list[(int)at] : Undefined.Instance;
            case (string s, long i):
                long pos = i < 0 ? s.Length + i : i;
                return pos >= 0 && pos < s.Length ? s[(int)pos].ToString() : Undefined.Instance;
            case (_, string name): return GetAttribute(target, name);
            case (Undefined, _): return Undefined.Instance;
            default: throw new JinjaError($"cannot index {Values.TypeName(target)} with {Values.TypeName(key)}");
        }
    }

    /// <summary>Python slicing x[start:stop:step] of a list or string.</summary>
    static object? Slice(object? target, object? start, object? stop, object? step)
    {
        long st = step is long s ? s : 1;
        if (st == 0) throw new JinjaError("slice step cannot be zero");
        int length = target switch
        {
            List<object?> list => list.Count,
            string str => str.Length,
            _ => throw new JinjaError($"cannot slice {Values.TypeName(target)}"),
        };
        long Clamp(object? bound, long fallback)
        {
            if (bound is not long b) return fallback;
            if (b < 0) b += length;
            return st > 0 ? Math.Clamp(b, 0, length) : Math.Clamp(b, -1, length - 1);
        }
        long from = Clamp(start, st > 0 ? 0 : length - 1);
        long to = Clamp(stop, st > 0 ? length : -1);
        var indices = new List<int>();
        for (long i = from; st > 0 ? i < to : i > to; i += st) indices.Add((int)i);
        return target is string text
            ? new string(indices.Select(i => text[i]).ToArray())
            : indices.Select(i => ((List<object?>)target!)[i]).ToList();
    }
}
