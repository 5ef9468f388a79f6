namespace SelfCorrect.IO;

/// <summary>
/// Writes a folder all at once: the content goes into a temporary sibling folder that is renamed into
/// place only when writing succeeded, so a failed save never leaves a half-written folder and never
/// destroys the previous one.
/// </summary>
public static class AtomicFolder
{
    public static void Write(string dir, Action<string> writeInto)
    {
        var full = Path.GetFullPath(dir);
        var parent = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(parent);
        var tmp = Path.Combine(parent, $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(tmp);
        try
        {
            writeInto(tmp);
            var old = full + ".old-" + Guid.NewGuid().ToString("N");
            if (Directory.Exists(full)) Directory.Move(full, old);
            Directory.Move(tmp, full);
            if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
        }
        finally
        {
            if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
        }
    }
}
