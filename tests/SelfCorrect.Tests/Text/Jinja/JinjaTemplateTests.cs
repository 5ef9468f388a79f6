using SelfCorrect.Text.Jinja;

namespace SelfCorrect.Tests.Text.Jinja;

public class JinjaTemplateTests
{
    /// <summary>Prints each condition as T or F (the JavaScript reference prints booleans as true/false, Python as True/False).</summary>
    static string Bools(params string[] conditions) =>
        string.Concat(conditions.Select(c => $"{{% if {c} %}}T{{% else %}}F{{% endif %}}"));

    static string Render(string template, Dictionary<string, object?>? variables = null) =>
        new JinjaTemplate(template).Render(variables ?? []);

    /// <summary>Constructs beyond those of the real templates, each checked against @huggingface/jinja.</summary>
    static readonly (string Template, Dictionary<string, object?> Variables)[] Features =
    [
        ("{{ 'a' + 'b' | upper }}|{{ 'n=' ~ 3 }}|{{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % 3 }} {{ 2 ** 10 }} {{ 7 / 2 }}", []),
        ("{{ 'hello'[1:3] }}{{ 'hello'[::-1] }}{{ 'hello'[-2:] }}{{ [1,2,3,4,5][1::2] }}{{ [1,2,3][-1] }}", []),
        ("{% for x in items %}{{ loop.index }}/{{ loop.length }}{{ '!' if loop.first }}{{ '.' if loop.last else ',' }}{% else %}empty{% endfor %}", new() { ["items"] = new List<object?> { "a", "b", "c" } }),
        ("{% for x in items %}{{ x }}{% else %}empty{% endfor %}", new() { ["items"] = new List<object?>() }),
        ("{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}{{ d | length }}{{ d.get('zz', 'dflt') }}", new() { ["d"] = new Dictionary<string, object?> { ["x"] = 1L, ["y"] = "two" } }),
        ("{% set ns = namespace(n=0) %}{% for i in range(5) %}{% set ns.n = ns.n + i %}{% set leaked = i %}{% endfor %}{{ ns.n }}" + Bools("leaked is defined"), []),
        (Bools("x is defined", "y is not defined", "none is none", "'a' is string", "3 is number", "[1] is iterable", "x.y is defined", "4 is odd"), new() { ["x"] = 1L }),
        ("{{ ' padded ' | trim }}|{{ 'a,b,,c'.split(',') | length }}|{{ 'x y  z'.split() | join('-') }}|" + Bools("'Hello'.startswith('He')", "'Hello'.endswith(('x', 'lo'))"), []),
        ("{{ '\n\nx\n'.lstrip('\n') }}|{{ 'x\n\n'.rstrip('\n') }}|{{ 'aXbXc'.replace('X', '-') }}|{{ 'abc'.upper() }}{{ 'ABC'.lower() }}|{{ 'hello world' | title }}", []),
        ("{{ data | tojson }}|{{ data | tojson(indent=2) }}|{{ 'quote\" é\n' | tojson }}", new() { ["data"] = new Dictionary<string, object?> { ["a"] = 1L, ["b"] = new List<object?> { true, null, "s" }, ["c"] = new Dictionary<string, object?>() } }),
        ("{% macro greet(name, punct='!') %}Hi {{ name }}{{ punct }}{% endmacro %}{{ greet('Ann') }} {{ greet('Bo', punct='?') }}", []),
        ("{%- for m in messages if m.role != 'system' -%}\n  {{ m.role }}:{{ m.content }}\n{%- endfor %}", new() { ["messages"] = new List<object?> { new Dictionary<string, object?> { ["role"] = "system", ["content"] = "s" }, new Dictionary<string, object?> { ["role"] = "user", ["content"] = "u" } } }),
        ("  {% if true %}\n    yes\n  {% endif %}\nafter {# comment #}  \n{{- ' trimmed' }}", []),
        ("{{ [3, 1, 2] | sort if false else [1, 2] | first }}{{ [1, 2] | last }}{{ ['a', 'b'] | join(', ') }}{{ [1, 2, 2] | unique | list | length }}", []),
        ("{% set a, b = 1, 2 %}{{ a + b }}{% set block %}captured {{ a }}{% endset %}[{{ block }}]", []),
        (Bools("'a' in 'cat'", "1 in [1, 2]", "'k' not in {'k': 1}", "not true or false and true", "not x is defined", "1 <= 1.0"), []),
        ("{{ users | selectattr('active') | map(attribute='name') | join(',') }}|{{ users | rejectattr('name', 'equalto', 'a') | list | length }}", new() { ["users"] = new List<object?> { new Dictionary<string, object?> { ["name"] = "a", ["active"] = true }, new Dictionary<string, object?> { ["name"] = "b", ["active"] = false } } }),
        ("{% for i in range(10) %}{% if i == 2 %}{% continue %}{% endif %}{% if i == 5 %}{% break %}{% endif %}{{ i }}{% endfor %}", []),
        ("{{ missing | default('fallback') }}|{{ '' | default('empty', true) }}|{{ x.missing }}|" + Bools("x['missing'] is defined"), new() { ["x"] = new Dictionary<string, object?>() }),
    ];

    [Fact]
    public void Features_RenderAsTheReference()
    {
        var expected = ReferenceFixtures.ReferenceRenderings(Features.Select(f => (f.Template, f.Variables)).ToList());
        for (int i = 0; i < Features.Length; i++)
            Assert.True(expected[i] == Render(Features[i].Template, Features[i].Variables),
                $"template #{i} {Features[i].Template}\n--- reference\n{expected[i]}\n--- ours\n{Render(Features[i].Template, Features[i].Variables)}");
    }

    [Fact]
    public void RaiseException_FailsTheRender()
    {
        var e = Assert.Throws<JinjaError>(() => Render("{% if true %}{{ raise_exception('Conversation roles must alternate') }}{% endif %}"));
        Assert.Equal("Conversation roles must alternate", e.Message);
    }

    [Theory]
    [InlineData("{% if x %}unclosed")]
    [InlineData("{{ 1 + }}")]
    [InlineData("{% for %}{% endfor %}")]
    [InlineData("{{ 'unterminated }}")]
    [InlineData("{% frobnicate %}")]
    public void MalformedTemplates_AreJinjaErrors(string template) =>
        Assert.Throws<JinjaError>(() => new JinjaTemplate(template));

    [Fact]
    public void ChainedComparisonsAndTestArgumentsWithoutParentheses()
    {
        Assert.Equal("True False True", Render("{{ 1 < 2 < 3 }} {{ 1 < 3 < 2 }} {{ 4 is divisibleby 2 }}"));
    }

    [Fact]
    public void PythonValuesPrintAsPythonDoes()
    {
        Assert.Equal("True None 1.0 2.5 ['a', 1] {'k': 'v'}", Render("{{ true }} {{ none }} {{ 1.0 }} {{ 2.5 }} {{ ['a', 1] }} {{ {'k': 'v'} }}"));
    }

    [Fact]
    public void StrftimeNow_UsesTheGivenClock()
    {
        var template = new JinjaTemplate("{{ strftime_now('%d %b %Y') }}");
        Assert.Equal("05 Mar 2025", template.Render(new Dictionary<string, object?>(), () => new DateTime(2025, 3, 5)));
    }
}
