using System.Diagnostics;
using System.Text.Json;

namespace SelfCorrect.Tests.Text;

/// <summary>Runs scripts/tokenizer-fixtures.sh, which gets reference outputs from the JavaScript
/// implementations (installed once per machine into a persistent npm cache). When npm or node is
/// unavailable the tests fail with the script's message; they never pass silently.</summary>
static class ReferenceFixtures
{
    static readonly Lazy<string> ModelsRoot = new(() => Run("models").Trim());
    static readonly Dictionary<string, SelfCorrect.Text.HfTokenizer> Tokenizers = [];

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Directory with tokenizer.json and tokenizer_config.json: "qwen3" or "llama3".</summary>
    public static string ModelDir(string name) => Path.Combine(ModelsRoot.Value, name);

    /// <summary>The tokenizer of a reference model, loaded once per test run.</summary>
    public static SelfCorrect.Text.HfTokenizer Tokenizer(string name)
    {
        lock (Tokenizers)
        {
            if (!Tokenizers.TryGetValue(name, out var tokenizer))
                Tokenizers[name] = tokenizer = SelfCorrect.Text.HfTokenizer.FromDirectory(ModelDir(name));
            return tokenizer;
        }
    }

    /// <summary>Reference ids from @huggingface/tokenizers for each text (no special tokens added).</summary>
    public static int[][] ReferenceIds(string model, IReadOnlyList<string> texts)
    {
        using var dir = new TempDir();
        string corpus = dir.Write("corpus.json", JsonSerializer.Serialize(texts));
        string output = Path.Combine(dir.Path, "ids.json");
        Run("encode", ModelDir(model), corpus, output);
        return JsonSerializer.Deserialize<int[][]>(File.ReadAllText(output))!;
    }

    /// <summary>Reference renderings from @huggingface/jinja, one per (template, context).</summary>
    public static string[] ReferenceRenderings(IReadOnlyList<(string Template, Dictionary<string, object?> Context)> cases)
    {
        using var dir = new TempDir();
        var json = cases.Select(c => new Dictionary<string, object?> { ["template"] = c.Template, ["context"] = c.Context });
        string input = dir.Write("cases.json", JsonSerializer.Serialize(json));
        string output = Path.Combine(dir.Path, "rendered.json");
        Run("render", input, output);
        return JsonSerializer.Deserialize<string[]>(File.ReadAllText(output))!;
    }

    static string Run(params string[] args)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(RepoRoot, "scripts", "tokenizer-fixtures.sh"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"scripts/tokenizer-fixtures.sh {string.Join(' ', args)} failed with exit code {process.ExitCode} " +
                $"(the reference fixtures need node, and the npm registry on first use):\n{stderr.Result}");
        return stdout;
    }

    static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SelfCorrect.slnx"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (SelfCorrect.slnx) above " + AppContext.BaseDirectory);
    }

    sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("selfcorrect-tok-").FullName;
        public string Write(string name, string content)
        {
            string file = System.IO.Path.Combine(Path, name);
            File.WriteAllText(file, content);
            return file;
        }
        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
