using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using TorchSharp;

namespace SelfCorrect.Runtime;

/// <summary>
/// Makes TorchSharp's native library loadable before any tensor is made. On Linux, libLibTorchSharp.so
/// 0.107.0 requires GLIBCXX_3.4.32 only for a symbol it never calls; when the system libstdc++ lacks that
/// version, the app's own copy of the library (never a system file) gets that requirement marked weak.
/// Runs once, automatically, when the SelfCorrect assembly loads.
/// </summary>
public static class TorchRuntime
{
    static readonly object Gate = new();
    static bool _done;

    /// <summary>What was done: "not linux", "not needed", "patched PATH", "already patched", or a reason.</summary>
    public static string Status { get; private set; } = "not run";

#pragma warning disable CA2255 // deliberate: the native fix must precede any TorchSharp call
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Init() => Ensure();

    public static void Ensure()
    {
        lock (Gate)
        {
            if (_done) return;
            _done = true;
            try { Status = FixIfNeeded(); }
            catch (Exception e) { Status = "fix failed: " + e.Message; }
            // OpenMP threads that spin while idle starve every other process on a small shared machine
            // (tests run CLI processes in parallel); waiting passively costs little for small models.
            if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null)
                try { SetEnv("OMP_WAIT_POLICY", "PASSIVE", 0); } catch (DllNotFoundException) { } catch (EntryPointNotFoundException) { }
            int threads = Environment.GetEnvironmentVariable("SELFCORRECT_THREADS") is { } t && int.TryParse(t, out var n) && n > 0
                ? n : Environment.ProcessorCount;
            try { torch.set_num_threads(threads); } catch (Exception) { /* reported by the first real tensor op */ }
        }
    }

    [DllImport("libc", EntryPoint = "setenv")]
    static extern int SetEnv(string name, string value, int overwrite);

    static string FixIfNeeded()
    {
        if (!OperatingSystem.IsLinux()) return "not linux";
        var libs = Candidates().Where(File.Exists).Distinct().ToList();
        if (libs.Count == 0) return "libLibTorchSharp.so not found next to the app";
        var missing = new HashSet<string>();
        var systemVersions = SystemLibstdcxxText();
        var result = "not needed";
        foreach (var path in libs)
        {
            var bytes = File.ReadAllBytes(path);
            missing.Clear();
            foreach (var (name, weak) in ElfVersionPatcher.ReadRequirements(bytes))
                if (!weak && name.StartsWith("GLIBCXX_", StringComparison.Ordinal) && systemVersions is not null && !systemVersions.Contains(name + "\0"))
                    missing.Add(name);
            if (missing.Count == 0) continue;
            if (ElfVersionPatcher.MarkWeak(bytes, missing) == 0) continue;
            var tmp = path + ".patch-" + Environment.ProcessId;
            File.WriteAllBytes(tmp, bytes);
            File.Move(tmp, path, overwrite: true);
            result = $"patched {path} ({string.Join(",", missing)} marked weak)";
        }
        return result;
    }

    static IEnumerable<string> Candidates()
    {
        var dirs = new[] { AppContext.BaseDirectory, Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? "" };
        foreach (var d in dirs.Where(d => d.Length > 0))
        {
            yield return Path.Combine(d, "libLibTorchSharp.so");
            yield return Path.Combine(d, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        }
    }

    /// <summary>The bytes of the libstdc++ the process will use, as Latin-1 text (for version-name lookups).</summary>
    static string? SystemLibstdcxxText()
    {
        NativeLibrary.TryLoad("libstdc++.so.6", out _);
        string? path = null;
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            int i = line.IndexOf('/');
            if (i >= 0 && line.Contains("libstdc++.so")) { path = line[i..]; break; }
        }
        return path is null ? null : Encoding.Latin1.GetString(File.ReadAllBytes(path));
    }
}
