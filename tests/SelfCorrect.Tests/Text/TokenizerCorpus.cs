namespace SelfCorrect.Tests.Text;

/// <summary>Texts that exercise the tricky parts of byte-level BPE: code, LaTeX, emoji, CJK,
/// Arabic, whitespace runs, long numbers, contractions, embedded special tokens, long words.</summary>
static class TokenizerCorpus
{
    public static IReadOnlyList<string> Texts { get; } = Build();

    static List<string> Build()
    {
        var texts = new List<string>
        {
            "",
            "Hello world",
            "Hello, world! How are you doing today?",
            " leading space",
            "trailing spaces   ",
            "  two leading and two trailing  ",
            "tabs\tbetween\t\twords\t",
            "line one\nline two\n\nline four\n",
            "\n\n\n",
            "windows\r\nline\r\nendings\r\n",
            "mixed \t \n \r\n  \t\t  whitespace   \n   ",
            "    indented(code)\n        more_indented = True\n",
            "I'm sure you're right; they've said we'll go, and it's done. He'd know.",
            "I'M SURE YOU'RE RIGHT; THEY'VE SAID WE'LL GO, AND IT'S DONE. HE'D KNOW.",
            "iT'S mIxEd CaSe'S aNd 'quoted' and 'S alone 'll 'VE",
            "The year 2024 had 366 days and 31622400 seconds.",
            "Numbers: 1234567890123456789012345678901234567890 and 3.14159265358979323846",
            "0.000001 -42 +7 1e-10 6.022e23 1,000,000 ١٢٣٤٥ ½ ²",
            "def fib(n: int) -> int:\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n",
            "for (int i = 0; i < n; ++i) { sum += a[i] * b[i]; } // dot product",
            "const x = {\"key\": [1, 2, 3], 'other': null};\nconsole.log(x?.key ?? []);",
            "SELECT name, COUNT(*) FROM users WHERE age >= 18 GROUP BY name HAVING COUNT(*) > 1;",
            "#include <stdio.h>\nint main(void) { printf(\"%d\\n\", 42); return 0; }",
            "<div class=\"container\">\n  <p>Some &amp; HTML &lt;entities&gt;</p>\n</div>",
            "$\\int_0^1 x^2 \\, dx = \\frac{1}{3}$ and $$\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}$$",
            "\\begin{align} f(x) &= \\sqrt{x^2 + y^2} \\\\ g(x) &= \\lim_{h \\to 0} \\frac{f(x+h)-f(x)}{h} \\end{align}",
            "The answer is \\boxed{\\dfrac{\\pi}{4}}.",
            "Let $a_1, a_2, \\ldots, a_n$ be reals with $\\sum a_i = 0$; prove $\\prod (1 + a_i) \\le 1$.",
            "Emoji: 😀😃😄 👍🏽 👨‍👩‍👧‍👦 🇯🇵 ❤️ ✨🚀",
            "中文文本：我们今天学习分词。日本語のテキストです。한국어 텍스트입니다.",
            "混合 mixed 文本 with English 和 数字 123。",
            "العربية: مرحبا بالعالم، كيف حالك؟ ١٢٣",
            "עברית ורוסский текст и ελληνικά κείμενα",
            "Accents: café naïve résumé Ångström façade jalapeño",
            "Decomposed accents: cafe\u0301 nai\u0308ve",
            "Zero width\u200bspace and non\u00a0breaking and\u2003em space",
            "Symbols: © ® ™ § ¶ † ‡ • … ‰ ′ ″ ← → ↑ ↓ ∀ ∃ ∈ ∉ ∑ ∏ √ ∞ ≈ ≠ ≤ ≥",
            "Punctuation!!! ??? ... --- *** ___ ~~~ ``` ''' \"\"\"",
            "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n4<|im_end|>",
            "text<|endoftext|>more text<|endoftext|><|endoftext|>",
            "almost special <|im_start and <|im_end| and <| endoftext |>",
            "<think>\nreasoning here\n</think>\n\nanswer",
            "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>",
            "<|reserved_special_token_5|> and <|eot_id|><|eot_id|>",
            "URL: https://example.com/path?query=value&other=1#fragment and mail@example.org",
            "snake_case_identifier camelCaseIdentifier PascalCase SCREAMING_CASE kebab-case",
            "Tabs\tand\u000bvertical\u000cform feeds",
            "A sentence ending with a newline and spaces\n   ",
            "'s 't 're 've 'm 'll 'd at the start",
            "Unicode edges: next\u0085line bom\ufeffmark line\u2028sep para\u2029sep lone\rreturn",
            "Case folding: IT'ſ Kelvin \u212a 'ſ 'K İstanbul ΣΑΣ ß ẞ ǅ",
            "Number forms: Ⅻ ① ⑳ ¼ 𝟙𝟚 ٣ ๓ 二 〇",
            "Astral letters: 𠀀𠀁 x𝐀𝐁𝐂 𐌰𐌱's 𝟙𝟚𝟛𝟜 a𝟙b 🦩🦩",
            "Combining: e\u0301\u0302 a\u0308\u0308 Z\u0351\u0352\u0353 🏳\ufe0f\u200d🌈",
            "don't won't can't shouldn't y'all ma'am o'clock rock'n'roll",
        };

        texts.Add(new string('a', 3000));
        texts.Add(string.Concat(Enumerable.Repeat("abcdefghij", 500)));
        texts.Add("Supercalifragilisticexpialidocious antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis");
        texts.Add(string.Concat(Enumerable.Range(0, 400).Select(i => (i * 7919 % 10).ToString())));
        texts.Add(new string(' ', 200) + "x" + new string('\n', 50));
        texts.Add(string.Concat(Enumerable.Repeat("😀", 300)));
        texts.Add(string.Concat(Enumerable.Repeat("中文", 500)));
        texts.Add(string.Join("\n", Enumerable.Range(1, 60).Select(i => $"Step {i}: x_{i} = x_{i - 1} * {i} + {i * i}")));
        return texts;
    }
}
