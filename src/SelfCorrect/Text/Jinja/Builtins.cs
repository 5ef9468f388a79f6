using System.Globalization;
using System.Text;

namespace SelfCorrect.Text.Jinja;

/// <summary>The filters, tests, methods and global functions chat templates call.</summary>
public static class Builtins
{
    public delegate object? Filter(object? value, IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kwargs);

    static object? Arg(IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kwargs, int index, string name, object? fallback = null) =>
        kwargs.TryGetValue(name, out var v) ? v : index < args.Count ? args[index] : fallback;

    static string AsString(object? v, string what) =>
        v as string ?? throw new JinjaError($"{what} expects a string, got {Values.TypeName(v)}");

    static long AsInt(object? v, string what) => v switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        _ => throw new JinjaError($"{what} expects an integer, got {Values.TypeName(v)}"),
    };

    public static readonly Dictionary<string, Filter> Filters = new()
    {
        ["trim"] = (v, a, k) => Strip(AsString(v, "trim"), Arg(a, k, 0, "chars") as string, left: true, right: true),
        ["length"] = (v, _, _) => Length(v),
        ["count"] = (v, _, _) => Length(v),
        ["tojson"] = (v, a, k) => Values.ToJson(v, Arg(a, k, 0, "indent") is long n ? (int)n : null, Values.Truthy(Arg(a, k, 1, "sort_keys"))),
        ["string"] = (v, _, _) => Values.Str(v),
        ["lower"] = (v, _, _) => AsString(v, "lower").ToLowerInvariant(),
        ["upper"] = (v, _, _) => AsString(v, "upper").ToUpperInvariant(),
        ["title"] = (v, _, _) => Title(AsString(v, "title")),
        ["capitalize"] = (v, _, _) => Capitalize(AsString(v, "capitalize")),
        ["first"] = (v, _, _) => Values.Iterate(v).FirstOrDefault(Undefined.Instance),
        ["last"] = (v, _, _) => Values.Iterate(v).LastOrDefault(Undefined.Instance),
        ["reverse"] = (v, _, _) => v is string s ? new string(s.Reverse().ToArray()) : Enumerable.Reverse(Values.Iterate(v)).ToList(),
        ["list"] = (v, _, _) => Values.Iterate(v).ToList(),
        ["join"] = (v, a, k) => Join(v, Arg(a, k, 0, "d", "") as string ?? "", Arg(a, k, 1, "attribute") as string),
        ["default"] = Default,
        ["d"] = Default,
        ["items"] = (v, _, _) => Items(v),
        ["int"] = (v, a, k) => ToInt(v, Arg(a, k, 0, "default", 0L)),
        ["float"] = (v, a, k) => ToFloat(v, Arg(a, k, 0, "default", 0.0)),
        ["abs"] = (v, _, _) => v switch { long l => (object)Math.Abs(l), double d => Math.Abs(d), _ => throw new JinjaError("abs expects a number") },
        ["replace"] = (v, a, k) => Replace(AsString(v, "replace"), AsString(Arg(a, k, 0, "old"), "replace"), AsString(Arg(a, k, 1, "new"), "replace"), Arg(a, k, 2, "count") as long?),
        ["safe"] = (v, _, _) => v,
        ["unique"] = (v, _, _) => Values.Iterate(v).Aggregate(new List<object?>(), (acc, x) => { if (!acc.Any(y => Values.Equals(x, y))) acc.Add(x); return acc; }),
        ["sum"] = (v, _, _) => Values.Iterate(v).Aggregate((object?)0L, (acc, x) => Interpreter.Arithmetic("+", acc, x)),
        ["min"] = (v, _, _) => Values.Iterate(v).Aggregate((a, b) => Values.Compare(a, b) <= 0 ? a : b),
        ["max"] = (v, _, _) => Values.Iterate(v).Aggregate((a, b) => Values.Compare(a, b) >= 0 ? a : b),
        ["round"] = (v, a, k) => Math.Round(Convert.ToDouble(v), (int)AsInt(Arg(a, k, 0, "precision", 0L), "round"), MidpointRounding.ToEven),
        ["indent"] = Indent,
        ["map"] = Map,
        ["select"] = (v, a, k) => SelectBy(v, a, keep: true, attribute: null),
        ["reject"] = (v, a, k) => SelectBy(v, a, keep: false, attribute: null),
        ["selectattr"] = (v, a, k) => SelectBy(v, a.Skip(1).ToList(), keep: true, attribute: AsString(a[0], "selectattr")),
        ["rejectattr"] = (v, a, k) => SelectBy(v, a.Skip(1).ToList(), keep: false, attribute: AsString(a[0], "rejectattr")),
        ["dictsort"] = (v, _, _) => Items(v).OrderBy(p => (string)((List<object?>)p!)[0]!, StringComparer.OrdinalIgnoreCase).Cast<object?>().ToList(),
        ["wordcount"] = (v, _, _) => (long)AsString(v, "wordcount").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length,
    };

    public delegate bool Test(object? value, IReadOnlyList<object?> args);

    public static readonly Dictionary<string, Test> Tests = new()
    {
        ["defined"] = (v, _) => v is not Undefined,
        ["undefined"] = (v, _) => v is Undefined,
        ["none"] = (v, _) => v is null,
        ["string"] = (v, _) => v is string,
        ["number"] = (v, _) => Values.IsNumber(v),
        ["integer"] = (v, _) => v is long,
        ["float"] = (v, _) => v is double,
        ["boolean"] = (v, _) => v is bool,
        ["true"] = (v, _) => v is true,
        ["false"] = (v, _) => v is false,
        ["mapping"] = (v, _) => v is OrderedDictionary<string, object?>,
        ["sequence"] = (v, _) => v is List<object?> or string,
        ["iterable"] = (v, _) => v is List<object?> or string or OrderedDictionary<string, object?>,
        ["callable"] = (v, _) => v is JinjaFunction,
        ["odd"] = (v, _) => AsInt(v, "odd") % 2 != 0,
        ["even"] = (v, _) => AsInt(v, "even") % 2 == 0,
        ["divisibleby"] = (v, a) => AsInt(v, "divisibleby") % AsInt(a[0], "divisibleby") == 0,
        ["equalto"] = (v, a) => Values.Equals(v, a[0]),
        ["eq"] = (v, a) => Values.Equals(v, a[0]),
        ["=="] = (v, a) => Values.Equals(v, a[0]),
        ["sameas"] = (v, a) => Values.Equals(v, a[0]),
        ["ne"] = (v, a) => !Values.Equals(v, a[0]),
        ["!="] = (v, a) => !Values.Equals(v, a[0]),
        ["lt"] = (v, a) => Values.Compare(v, a[0]) < 0,
        ["le"] = (v, a) => Values.Compare(v, a[0]) <= 0,
        ["gt"] = (v, a) => Values.Compare(v, a[0]) > 0,
        ["ge"] = (v, a) => Values.Compare(v, a[0]) >= 0,
        ["in"] = (v, a) => Interpreter.Contains(a[0], v),
        ["lower"] = (v, _) => v is string s && s == s.ToLowerInvariant(),
        ["upper"] = (v, _) => v is string s && s == s.ToUpperInvariant(),
    };

    /// <summary>A method of a value, bound to it ("a,b".split), or null if it has none of that name.</summary>
    public static JinjaFunction? Method(object? target, string name) => target switch
    {
        string s => StringMethod(s, name),
        OrderedDictionary<string, object?> d => DictMethod(d, name),
        List<object?> list => name switch
        {
            "index" => (a, _) => (long)list.FindIndex(x => Values.Equals(x, a[0])),
            "count" => (a, _) => (long)list.Count(x => Values.Equals(x, a[0])),
            _ => null,
        },
        _ => null,
    };

    static JinjaFunction? StringMethod(string s, string name) => name switch
    {
        "strip" => (a, k) => Strip(s, Arg(a, k, 0, "chars") as string, true, true),
        "lstrip" => (a, k) => Strip(s, Arg(a, k, 0, "chars") as string, true, false),
        "rstrip" => (a, k) => Strip(s, Arg(a, k, 0, "chars") as string, false, true),
        "split" => (a, k) => Split(s, Arg(a, k, 0, "sep") as string, Arg(a, k, 1, "maxsplit", -1L) as long? ?? -1),
        "rsplit" => (a, k) => RSplit(s, Arg(a, k, 0, "sep") as string, Arg(a, k, 1, "maxsplit", -1L) as long? ?? -1),
        "splitlines" => (_, _) => s.Split('\n').Select(l => (object?)l.TrimEnd('\r')).SkipLast(s.EndsWith('\n') ? 1 : 0).ToList(),
        "startswith" => (a, _) => Prefixes(a[0]).Any(p => s.StartsWith(p, StringComparison.Ordinal)),
        "endswith" => (a, _) => Prefixes(a[0]).Any(p => s.EndsWith(p, StringComparison.Ordinal)),
        "upper" => (_, _) => s.ToUpperInvariant(),
        "lower" => (_, _) => s.ToLowerInvariant(),
        "title" => (_, _) => Title(s),
        "capitalize" => (_, _) => Capitalize(s),
        "replace" => (a, _) => Replace(s, AsString(a[0], "replace"), AsString(a[1], "replace"), a.Count > 2 ? AsInt(a[2], "replace") : null),
        "find" => (a, _) => (long)s.IndexOf(AsString(a[0], "find"), StringComparison.Ordinal),
        "count" => (a, _) => (long)CountOccurrences(s, AsString(a[0], "count")),
        "join" => (a, _) => string.Join(s, Values.Iterate(a[0]).Select(Values.Str)),
        "isdigit" => (_, _) => s.Length > 0 && s.All(char.IsDigit),
        "isalpha" => (_, _) => s.Length > 0 && s.All(char.IsLetter),
        "isalnum" => (_, _) => s.Length > 0 && s.All(char.IsLetterOrDigit),
        "isspace" => (_, _) => s.Length > 0 && s.All(char.IsWhiteSpace),
        "isupper" => (_, _) => s.Any(char.IsLetter) && s == s.ToUpperInvariant(),
        "islower" => (_, _) => s.Any(char.IsLetter) && s == s.ToLowerInvariant(),
        _ => null,
    };

    static JinjaFunction? DictMethod(OrderedDictionary<string, object?> d, string name) => name switch
    {
        "items" => (_, _) => Items(d),
        "keys" => (_, _) => d.Keys.Cast<object?>().ToList(),
        "values" => (_, _) => d.Values.ToList(),
        "get" => (a, _) => d.TryGetValue(AsString(a[0], "get"), out var v) ? v : a.Count > 1 ? a[1] : null,
        _ => null,
    };

    /// <summary>Global functions; raise_exception and strftime_now are the ones transformers adds.</summary>
    public static Dictionary<string, object?> Globals(Func<DateTime> now) => new()
    {
        ["range"] = (JinjaFunction)((a, _) => Range(a)),
        ["namespace"] = (JinjaFunction)((a, k) =>
        {
            var attributes = a.Count > 0 && a[0] is OrderedDictionary<string, object?> init ? new OrderedDictionary<string, object?>(init) : [];
            foreach (var (key, value) in k) attributes[key] = value;
            return new Namespace(attributes);
        }),
        ["dict"] = (JinjaFunction)((_, k) => new OrderedDictionary<string, object?>(k)),
        ["raise_exception"] = (JinjaFunction)((a, _) => throw new JinjaError(a.Count > 0 ? Values.Str(a[0]) : "raise_exception")),
        ["strftime_now"] = (JinjaFunction)((a, _) => Strftime(now(), AsString(a[0], "strftime_now"))),
    };

    static object? Length(object? v) => v switch
    {
        string s => (long)s.Length,
        List<object?> l => (long)l.Count,
        OrderedDictionary<string, object?> d => (long)d.Count,
        Undefined => 0L,
        _ => throw new JinjaError($"{Values.TypeName(v)} has no length"),
    };

    static object? Default(object? v, IReadOnlyList<object?> a, IReadOnlyDictionary<string, object?> k)
    {
        bool boolean = Values.Truthy(Arg(a, k, 1, "boolean", false));
        return v is Undefined || (boolean && !Values.Truthy(v)) ? Arg(a, k, 0, "default_value", "") : v;
    }

    static List<object?> Items(object? v) => v is OrderedDictionary<string, object?> d
        ? d.Select(p => (object?)new List<object?> { p.Key, p.Value }).ToList()
        : throw new JinjaError($"items expects a dict, got {Values.TypeName(v)}");

    static string Join(object? v, string separator, string? attribute) =>
        string.Join(separator, Values.Iterate(v).Select(x => Values.Str(attribute is null ? x : Interpreter.GetAttribute(x, attribute))));

    static object? ToInt(object? v, object? fallback) => v switch
    {
        long l => l,
        double d => (long)Math.Truncate(d),
        bool b => b ? 1L : 0L,
        string s when long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long l) => l,
        string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => (long)Math.Truncate(d),
        _ => fallback,
    };

    static object? ToFloat(object? v, object? fallback) => v switch
    {
        long l => (double)l,
        double d => d,
        string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
        _ => fallback,
    };

    static object? Indent(object? v, IReadOnlyList<object?> a, IReadOnlyDictionary<string, object?> k)
    {
        string s = AsString(v, "indent");
        object? width = Arg(a, k, 0, "width", 4L);
        string pad = width as string ?? new string(' ', (int)AsInt(width, "indent"));
        bool first = Values.Truthy(Arg(a, k, 1, "first", false));
        bool blank = Values.Truthy(Arg(a, k, 2, "blank", false));
        var lines = s.Split('\n');
        for (int i = 0; i < lines.Length; i++)
            if ((i > 0 || first) && (blank || lines[i].Length > 0)) lines[i] = pad + lines[i];
        return string.Join("\n", lines);
    }

    static object? Map(object? v, IReadOnlyList<object?> a, IReadOnlyDictionary<string, object?> k)
    {
        var items = Values.Iterate(v);
        if (k.TryGetValue("attribute", out var attr))
            return items.Select(x => Interpreter.GetAttribute(x, AsString(attr, "map")) is Undefined && k.TryGetValue("default", out var d) ? d : Interpreter.GetAttribute(x, (string)attr!)).ToList();
        string filter = AsString(a.Count > 0 ? a[0] : null, "map");
        if (!Filters.TryGetValue(filter, out var f)) throw new JinjaError($"unknown filter '{filter}'");
        return items.Select(x => f(x, a.Skip(1).ToList(), new Dictionary<string, object?>())).ToList();
    }

    static object? SelectBy(object? v, IReadOnlyList<object?> a, bool keep, string? attribute)
    {
        Test test;
        IReadOnlyList<object?> testArgs = [];
        if (a.Count == 0) test = (x, _) => Values.Truthy(x);
        else
        {
            string name = AsString(a[0], "select");
            test = Tests.TryGetValue(name, out var t) ? t : throw new JinjaError($"unknown test '{name}'");
            testArgs = a.Skip(1).ToList();
        }
        return Values.Iterate(v)
            .Where(x => test(attribute is null ? x : Interpreter.GetAttribute(x, attribute), testArgs) == keep)
            .ToList();
    }

    static List<object?> Range(IReadOnlyList<object?> a)
    {
        long start = 0, stop, step = 1;
        if (a.Count == 1) stop = AsInt(a[0], "range");
        else
        {
            start = AsInt(a[0], "range");
            stop = AsInt(a[1], "range");
            if (a.Count > 2) step = AsInt(a[2], "range");
        }
        if (step == 0) throw new JinjaError("range step must not be zero");
        var result = new List<object?>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) result.Add(i);
        return result;
    }

    /// <summary>Python's str.strip family: whitespace, or any of the given characters.</summary>
    public static string Strip(string s, string? chars, bool left, bool right)
    {
        Func<char, bool> strip = chars is null ? char.IsWhiteSpace : chars.Contains;
        int start = 0, end = s.Length;
        if (left) while (start < end && strip(s[start])) start++;
        if (right) while (end > start && strip(s[end - 1])) end--;
        return s[start..end];
    }

    /// <summary>Python's str.split: on runs of whitespace without sep (dropping empty pieces), on sep otherwise.</summary>
    static List<object?> Split(string s, string? sep, long maxSplit)
    {
        var parts = new List<object?>();
        if (sep is null)
        {
            int i = 0;
            while (true)
            {
                while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
                if (i >= s.Length) break;
                if (maxSplit >= 0 && parts.Count == maxSplit) { parts.Add(s[i..].TrimEnd()); break; }
                int start = i;
                while (i < s.Length && !char.IsWhiteSpace(s[i])) i++;
                parts.Add(s[start..i]);
            }
            return parts;
        }
        if (sep.Length == 0) throw new JinjaError("empty separator");
        int from = 0;
        while (maxSplit < 0 || parts.Count < maxSplit)
        {
            int at = s.IndexOf(sep, from, StringComparison.Ordinal);
            if (at < 0) break;
            parts.Add(s[from..at]);
            from = at + sep.Length;
        }
        parts.Add(s[from..]);
        return parts;
    }

    static List<object?> RSplit(string s, string? sep, long maxSplit)
    {
        if (maxSplit < 0) return Split(s, sep, maxSplit);
        if (sep is null) throw new JinjaError("rsplit with maxsplit needs a separator");
        var parts = new List<object?>();
        int end = s.Length;
        while (parts.Count < maxSplit)
        {
            int at = end == 0 ? -1 : s.LastIndexOf(sep, end - 1, StringComparison.Ordinal);
            if (at < 0 || at + sep.Length > end) break;
            parts.Insert(0, s[(at + sep.Length)..end]);
            end = at;
        }
        parts.Insert(0, s[..end]);
        return parts;
    }

    static IEnumerable<string> Prefixes(object? v) => v switch
    {
        string s => [s],
        List<object?> list => list.Select(x => AsString(x, "startswith")),
        _ => throw new JinjaError("startswith/endswith expect a string or a tuple of strings"),
    };

    static string Replace(string s, string oldValue, string newValue, long? count)
    {
        if (count is null || count < 0) return oldValue.Length == 0 ? s : s.Replace(oldValue, newValue, StringComparison.Ordinal);
        var sb = new StringBuilder();
        int from = 0;
        for (long n = 0; n < count; n++)
        {
            int at = s.IndexOf(oldValue, from, StringComparison.Ordinal);
            if (at < 0) break;
            sb.Append(s, from, at - from).Append(newValue);
            from = at + oldValue.Length;
        }
        return sb.Append(s, from, s.Length - from).ToString();
    }

    static int CountOccurrences(string s, string sub)
    {
        if (sub.Length == 0) return s.Length + 1;
        int count = 0;
        for (int at = s.IndexOf(sub, StringComparison.Ordinal); at >= 0; at = s.IndexOf(sub, at + sub.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();

    static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool startOfWord = true;
        foreach (char c in s)
        {
            sb.Append(startOfWord ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
            startOfWord = !char.IsLetterOrDigit(c);
        }
        return sb.ToString();
    }

    /// <summary>Python's strftime for the directives chat templates use.</summary>
    static string Strftime(DateTime t, string format)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length) { sb.Append(format[i]); continue; }
            char d = format[++i];
            sb.Append(d switch
            {
                'd' => t.ToString("dd", CultureInfo.InvariantCulture),
                'm' => t.ToString("MM", CultureInfo.InvariantCulture),
                'Y' => t.ToString("yyyy", CultureInfo.InvariantCulture),
                'y' => t.ToString("yy", CultureInfo.InvariantCulture),
                'b' => t.ToString("MMM", CultureInfo.InvariantCulture),
                'B' => t.ToString("MMMM", CultureInfo.InvariantCulture),
                'a' => t.ToString("ddd", CultureInfo.InvariantCulture),
                'A' => t.ToString("dddd", CultureInfo.InvariantCulture),
                'H' => t.ToString("HH", CultureInfo.InvariantCulture),
                'I' => t.ToString("hh", CultureInfo.InvariantCulture),
                'M' => t.ToString("mm", CultureInfo.InvariantCulture),
                'S' => t.ToString("ss", CultureInfo.InvariantCulture),
                'p' => t.ToString("tt", CultureInfo.InvariantCulture),
                'j' => t.DayOfYear.ToString("000", CultureInfo.InvariantCulture),
                '%' => "%",
                _ => "%" + d,
            });
        }
        return sb.ToString();
    }
}
