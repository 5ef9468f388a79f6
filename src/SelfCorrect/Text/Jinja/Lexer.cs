using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SelfCorrect.Text.Jinja;

public enum TokenKind { Text, OutputOpen, StatementOpen, Close, Name, String, Integer, Float, Operator, End }

public readonly record struct Token(TokenKind Kind, string Value, int Position);

/// <summary>Cuts a template into text and the tokens inside {{ }} and {% %}, as Hugging Face
/// renders chat templates: trim_blocks and lstrip_blocks on, one trailing newline dropped,
/// and '-' next to a delimiter stripping the whitespace on that side.</summary>
public static partial class Lexer
{
    static readonly string[] Operators =
        ["**", "//", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">", "=", "(", ")", "[", "]", "{", "}", ",", ".", ":", "|"];

    [GeneratedRegex(@"^[ \t]*(\{[#%])", RegexOptions.Multiline)]
    private static partial Regex LeadingBlankBeforeBlock();

    [GeneratedRegex(@"([#%]\})\n")]
    private static partial Regex NewlineAfterBlock();

    [GeneratedRegex(@"\{%-?\s*(end)?generation\s*-?%\}")]
    private static partial Regex GenerationTag();

    public static List<Token> Tokenize(string template)
    {
        if (template.EndsWith('\n')) template = template[..^1];
        template = LeadingBlankBeforeBlock().Replace(template, "$1");
        template = NewlineAfterBlock().Replace(template, "$1");
        template = GenerationTag().Replace(template, ""); // transformers' {% generation %} marker renders nothing

        var tokens = new List<Token>();
        bool stripNextText = false;
        int pos = 0;
        while (pos < template.Length)
        {
            int open = FindOpen(template, pos);
            string text = template[pos..(open < 0 ? template.Length : open)];
            bool stripBefore = open >= 0 && open + 2 < template.Length && template[open + 2] == '-';
            if (stripNextText) text = text.TrimStart();
            if (stripBefore) text = text.TrimEnd();
            if (text.Length > 0) tokens.Add(new Token(TokenKind.Text, text, pos));
            if (open < 0) break;

            char kind = template[open + 1];
            pos = open + 2 + (stripBefore ? 1 : 0);
            if (kind == '#')
            {
                int close = template.IndexOf("#}", pos, StringComparison.Ordinal);
                if (close < 0) throw new JinjaError($"unclosed comment at {open}");
                stripNextText = template[close - 1] == '-';
                pos = close + 2;
                continue;
            }
            tokens.Add(new Token(kind == '{' ? TokenKind.OutputOpen : TokenKind.StatementOpen, "", open));
            pos = LexTag(template, pos, kind == '{' ? '}' : '%', tokens, out stripNextText);
        }
        tokens.Add(new Token(TokenKind.End, "", template.Length));
        return tokens;
    }

    static int FindOpen(string s, int from)
    {
        for (int i = s.IndexOf('{', from); i >= 0 && i + 1 < s.Length; i = s.IndexOf('{', i + 1))
            if (s[i + 1] is '{' or '%' or '#') return i;
        return -1;
    }

    /// <summary>Lexes the inside of a tag up to its closing delimiter; returns the position after it.</summary>
    static int LexTag(string s, int pos, char closer, List<Token> tokens, out bool stripAfter)
    {
        int braces = 0;
        while (true)
        {
            while (pos < s.Length && char.IsWhiteSpace(s[pos])) pos++;
            if (pos >= s.Length) throw new JinjaError("unclosed tag at end of template");
            if (braces == 0)
            {
                if (Follows(s, pos, "-" + closer + "}")) { stripAfter = true; tokens.Add(new Token(TokenKind.Close, "", pos)); return pos + 3; }
                if (Follows(s, pos, closer + "}")) { stripAfter = false; tokens.Add(new Token(TokenKind.Close, "", pos)); return pos + 2; }
            }
            char c = s[pos];
            if (c is '"' or '\'') pos = LexString(s, pos, tokens);
            else if (char.IsAsciiDigit(c)) pos = LexNumber(s, pos, tokens);
            else if (char.IsLetter(c) || c == '_')
            {
                int start = pos;
                while (pos < s.Length && (char.IsLetterOrDigit(s[pos]) || s[pos] == '_')) pos++;
                tokens.Add(new Token(TokenKind.Name, s[start..pos], start));
            }
            else
            {
                string? op = Operators.FirstOrDefault(o => Follows(s, pos, o))
                    ?? throw new JinjaError($"unexpected character '{c}' at {pos}");
                if (op == "{") braces++;
                if (op == "}") braces--;
                tokens.Add(new Token(TokenKind.Operator, op, pos));
                pos += op.Length;
            }
        }
    }

    static bool Follows(string s, int pos, string what) => string.CompareOrdinal(s, pos, what, 0, what.Length) == 0;

    static int LexString(string s, int pos, List<Token> tokens)
    {
        char quote = s[pos];
        int start = pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (pos >= s.Length) throw new JinjaError($"unclosed string starting at {start}");
            char c = s[pos++];
            if (c == quote) break;
            if (c != '\\' || pos >= s.Length) { sb.Append(c); continue; }
            char e = s[pos++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case '\\': case '\'': case '"': sb.Append(e); break;
                case 'u' when pos + 4 <= s.Length:
                    sb.Append((char)int.Parse(s.AsSpan(pos, 4), NumberStyles.HexNumber)); pos += 4; break;
                default: sb.Append('\\').Append(e); break;
            }
        }
        tokens.Add(new Token(TokenKind.String, sb.ToString(), start));
        return pos;
    }

    static int LexNumber(string s, int pos, List<Token> tokens)
    {
        int start = pos;
        while (pos < s.Length && (char.IsAsciiDigit(s[pos]) || s[pos] == '_')) pos++;
        bool isFloat = pos + 1 < s.Length && s[pos] == '.' && char.IsAsciiDigit(s[pos + 1]);
        if (isFloat)
        {
            pos++;
            while (pos < s.Length && char.IsAsciiDigit(s[pos])) pos++;
        }
        if (pos < s.Length && s[pos] is 'e' or 'E' && pos + 1 < s.Length && (char.IsAsciiDigit(s[pos + 1]) || s[pos + 1] is '+' or '-'))
        {
            isFloat = true;
            pos += 2;
            while (pos < s.Length && char.IsAsciiDigit(s[pos])) pos++;
        }
        tokens.Add(new Token(isFloat ? TokenKind.Float : TokenKind.Integer, s[start..pos].Replace("_", ""), start));
        return pos;
    }
}
