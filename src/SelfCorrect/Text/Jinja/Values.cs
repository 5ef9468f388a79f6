using System.Collections;
using System.Globalization;
using System.Text;

namespace SelfCorrect.Text.Jinja;

/// <summary>A name or attribute that does not exist: falsy, renders as "", and "is defined" is false.</summary>
public sealed class Undefined
{
    public static readonly Undefined Instance = new();
    Undefined() { }
    public override string ToString() => "";
}

/// <summary>A callable value: globals such as range, bound methods such as "s".split, macros.</summary>
public delegate object? JinjaFunction(IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kwargs);

/// <summary>namespace(): the one object a template may assign attributes on, to carry state out of loops.</summary>
public sealed class Namespace(OrderedDictionary<string, object?> attributes)
{
    public OrderedDictionary<string, object?> Attributes { get; } = attributes;
}

/// <summary>Template values are null (none), Undefined, bool, long, double, string,
/// List&lt;object?&gt;, OrderedDictionary&lt;string, object?&gt;, Namespace and JinjaFunction.
/// These helpers give them Python's meaning.</summary>
public static class Values
{
    /// <summary>Converts a .NET value (lists, dictionaries, records of primitives) to a template value.</summary>
    public static object? From(object? value) => value switch
    {
        null or Undefined or bool or long or double or string or Namespace or JinjaFunction => value,
        int i => (long)i,
        float f => (double)f,
        OrderedDictionary<string, object?> d => d,
        IDictionary d => new OrderedDictionary<string, object?>(
            d.Keys.Cast<object>().Select(k => KeyValuePair.Create(k.ToString()!, From(d[k])))),
        IEnumerable e => e.Cast<object?>().Select(From).ToList(),
        _ => throw new JinjaError($"cannot use a {value.GetType().Name} in a template"),
    };

    public static bool Truthy(object? v) => v switch
    {
        null or Undefined => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        ICollection c => c.Count > 0,
        _ => true,
    };

    /// <summary>Python's str(): what {{ value }} prints.</summary>
    public static string Str(object? v) => v switch
    {
        string s => s,
        Undefined => "",
        _ => Repr(v),
    };

    /// <summary>Python's repr(), used for values inside printed lists and dicts.</summary>
    public static string Repr(object? v) => v switch
    {
        null => "None",
        Undefined => "",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FormatFloat(d),
        string s => s.Contains('\'') && !s.Contains('"') ? "\"" + s + "\"" : "'" + s.Replace("\\", "\\\\").Replace("'", "\\'") + "'",
        List<object?> list => "[" + string.Join(", ", list.Select(Repr)) + "]",
        OrderedDictionary<string, object?> d => "{" + string.Join(", ", d.Select(p => Repr(p.Key) + ": " + Repr(p.Value))) + "}",
        Namespace => "<Namespace>",
        _ => v.ToString() ?? "",
    };

    static string FormatFloat(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsInfinity(d)) return d > 0 ? "inf" : "-inf";
        string s = d.ToString("R", CultureInfo.InvariantCulture);
        if (s.Contains('E')) return s.Replace("E", "e");
        return s.Contains('.') ? s : s + ".0";
    }

    /// <summary>transformers' tojson: json.dumps with ensure_ascii=False, Python's separators, optional indent.</summary>
    public static string ToJson(object? v, int? indent = null, bool sortKeys = false)
    {
        var sb = new StringBuilder();
        WriteJson(sb, v, indent, 0, sortKeys);
        return sb.ToString();
    }

    static void WriteJson(StringBuilder sb, object? v, int? indent, int depth, bool sortKeys)
    {
        switch (v)
        {
            case null or Undefined: sb.Append("null"); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case double d: sb.Append(double.IsNaN(d) ? "NaN" : double.IsInfinity(d) ? (d > 0 ? "Infinity" : "-Infinity") : FormatFloat(d)); break;
            case string s: WriteJsonString(sb, s); break;
            case List<object?> list:
                WriteJsonContainer(sb, '[', ']', list, indent, depth, (item, _) => WriteJson(sb, item, indent, depth + 1, sortKeys));
                break;
            case OrderedDictionary<string, object?> dict:
                var pairs = sortKeys ? dict.OrderBy(p => p.Key, StringComparer.Ordinal).ToList() : dict.ToList();
                WriteJsonContainer(sb, '{', '}', pairs, indent, depth, (pair, _) =>
                {
                    WriteJsonString(sb, pair.Key);
                    sb.Append(": ");
                    WriteJson(sb, pair.Value, indent, depth + 1, sortKeys);
                });
                break;
            case Namespace ns: WriteJson(sb, ns.Attributes, indent, depth, sortKeys); break;
            default: throw new JinjaError($"cannot convert {v.GetType().Name} to JSON");
        }
    }

    static void WriteJsonContainer<T>(StringBuilder sb, char open, char close, IReadOnlyList<T> items, int? indent, int depth, Action<T, int> write)
    {
        sb.Append(open);
        if (items.Count == 0) { sb.Append(close); return; }
        for (int i = 0; i < items.Count; i++)
        {
            if (indent is int n) sb.Append(i == 0 ? "\n" : ",\n").Append(' ', n * (depth + 1));
            else if (i > 0) sb.Append(", ");
            write(items[i], i);
        }
        if (indent is int m) sb.Append('\n').Append(' ', m * depth);
        sb.Append(close);
    }

    static void WriteJsonString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case < ' ': sb.Append("\\u").Append(((int)c).ToString("x4")); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }

    public static bool IsNumber(object? v) => v is long or double;

    public static new bool Equals(object? a, object? b) => (a, b) switch
    {
        (null, null) or (Undefined, Undefined) => true,
        (long x, long y) => x == y,
        (long or double, long or double) => Convert.ToDouble(a) == Convert.ToDouble(b),
        (bool x, bool y) => x == y,
        (string x, string y) => x == y,
        (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => Equals(p.First, p.Second)),
        (OrderedDictionary<string, object?> x, OrderedDictionary<string, object?> y) =>
            x.Count == y.Count && x.All(p => y.TryGetValue(p.Key, out var o) && Equals(p.Value, o)),
        _ => ReferenceEquals(a, b),
    };

    public static int Compare(object? a, object? b) => (a, b) switch
    {
        (long x, long y) => x.CompareTo(y),
        (long or double, long or double) => Convert.ToDouble(a).CompareTo(Convert.ToDouble(b)),
        (string x, string y) => string.CompareOrdinal(x, y),
        _ => throw new JinjaError($"cannot compare {TypeName(a)} with {TypeName(b)}"),
    };

    public static string TypeName(object? v) => v switch
    {
        null => "none",
        Undefined => "undefined",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        List<object?> => "list",
        OrderedDictionary<string, object?> => "dict",
        _ => v.GetType().Name,
    };

    /// <summary>The items a for loop visits: list elements, dict keys, string characters.</summary>
    public static List<object?> Iterate(object? v) => v switch
    {
        List<object?> list => list,
        OrderedDictionary<string, object?> d => d.Keys.Cast<object?>().ToList(),
        string s => s.Select(c => (object?)c.ToString()).ToList(),
        null or Undefined => [],
        _ => throw new JinjaError($"{TypeName(v)} is not iterable"),
    };
}
