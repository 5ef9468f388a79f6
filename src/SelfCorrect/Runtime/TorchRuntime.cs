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
            // OpenMP's default wait policy (spin briefly, then sleep) is kept: a passive policy puts the threads to
            // sleep after every parallel region and made each small op pay a wake-up (training ran 1.5x slower).
            // Set OMP_WAIT_POLICY=PASSIVE where many processes share few cores (the test settings do).
            if (OperatingSystem.IsLinux()) KeepFreedTensorMemory();
            int threads = Environment.GetEnvironmentVariable("SELFCORRECT_THREADS") is { } t && int.TryParse(t, out var n) && n > 0
                ? n : Environment.ProcessorCount;
            try { torch.set_num_threads(threads); } catch (Exception) { /* reported by the first real tensor op */ }
        }
    }

    /// <summary>
    /// glibc returns large freed blocks to the kernel, so each training step's activations (megabytes each) came
    /// back as fresh pages to fault in and zero. Serving blocks up to 32 MiB from the heap and never trimming it
    /// keeps them; bigger blocks (checkpoint shards) are still mapped and unmapped. Skipped when the user set the
    /// glibc malloc variables.
    /// </summary>
    static void KeepFreedTensorMemory()
    {
        if (Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null
            || Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is not null
            || Environment.GetEnvironmentVariable("GLIBC_TUNABLES") is not null) return;
        const int M_TRIM_THRESHOLD = -1, M_MMAP_THRESHOLD = -3;
        try
        {
            MallOpt(M_MMAP_THRESHOLD, 32 << 20);
            MallOpt(M_TRIM_THRESHOLD, int.MaxValue);
        }
        catch (DllNotFoundException) { }
        catch (EntryPointNotFoundException) { }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    static extern int MallOpt(int param, int value);

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
