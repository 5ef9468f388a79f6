using System.Buffers.Binary;
using System.Text;

namespace SelfCorrect.Runtime;

/// <summary>
/// Marks selected symbol-version requirements of an ELF64 shared object as weak (VER_FLG_WEAK),
/// so the dynamic loader accepts a libstdc++ that lacks them. Used for libLibTorchSharp.so, which
/// asks for GLIBCXX_3.4.32 only for <c>std::ios_base_library_init()</c>, a symbol it never calls.
/// </summary>
public static class ElfVersionPatcher
{
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlagWeak = 0x2;

    /// <summary>Version names (e.g. GLIBCXX_3.4.32) that the object requires, with their weak flag.</summary>
    public static IReadOnlyList<(string Name, bool Weak)> ReadRequirements(byte[] elf)
    {
        var list = new List<(string, bool)>();
        Walk(elf, (name, flagsOffset) =>
            list.Add((name, (BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(flagsOffset)) & VerFlagWeak) != 0)));
        return list;
    }

    /// <summary>Sets the weak flag on each requirement whose name is in <paramref name="names"/>; returns how many changed.</summary>
    public static int MarkWeak(byte[] elf, IReadOnlySet<string> names)
    {
        int changed = 0;
        Walk(elf, (name, flagsOffset) =>
        {
            if (!names.Contains(name)) return;
            ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(flagsOffset));
            if ((flags & VerFlagWeak) != 0) return;
            BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(flagsOffset), (ushort)(flags | VerFlagWeak));
            changed++;
        });
        return changed;
    }

    static void Walk(byte[] elf, Action<string, int> onAux)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1) throw new InvalidDataException("only little-endian ELF64 is supported");
        var s = elf.AsSpan();
        long shoff = BinaryPrimitives.ReadInt64LittleEndian(s[0x28..]);
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(s[0x3A..]);
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(s[0x3C..]);
        for (int i = 0; i < shnum; i++)
        {
            int sh = checked((int)(shoff + (long)i * shentsize));
            Check(elf, sh, 64);
            if (BinaryPrimitives.ReadUInt32LittleEndian(s[(sh + 4)..]) != ShtGnuVerneed) continue;
            long off = BinaryPrimitives.ReadInt64LittleEndian(s[(sh + 0x18)..]);
            int link = (int)BinaryPrimitives.ReadUInt32LittleEndian(s[(sh + 0x28)..]);
            int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(s[(sh + 0x2C)..]);
            int strSh = checked((int)(shoff + (long)link * shentsize));
            Check(elf, strSh, 64);
            long strOff = BinaryPrimitives.ReadInt64LittleEndian(s[(strSh + 0x18)..]);
            int vn = checked((int)off);
            for (int n = 0; n < count; n++)
            {
                Check(elf, vn, 16);
                int cnt = BinaryPrimitives.ReadUInt16LittleEndian(s[(vn + 2)..]);
                int aux = vn + (int)BinaryPrimitives.ReadUInt32LittleEndian(s[(vn + 8)..]);
                for (int a = 0; a < cnt; a++)
                {
                    Check(elf, aux, 16);
                    int nameOff = checked((int)(strOff + BinaryPrimitives.ReadUInt32LittleEndian(s[(aux + 8)..])));
                    onAux(ReadCString(elf, nameOff), aux + 4); // vna_flags
                    uint next = BinaryPrimitives.ReadUInt32LittleEndian(s[(aux + 12)..]);
                    if (next == 0) break;
                    aux += (int)next;
                }
                uint vnNext = BinaryPrimitives.ReadUInt32LittleEndian(s[(vn + 12)..]);
                if (vnNext == 0) break;
                vn += (int)vnNext;
            }
        }
    }

    static void Check(byte[] elf, int offset, int size)
    {
        if (offset < 0 || offset + size > elf.Length) throw new InvalidDataException("ELF structure points outside the file");
    }

    static string ReadCString(byte[] elf, int offset)
    {
        Check(elf, offset, 1);
        int end = Array.IndexOf(elf, (byte)0, offset);
        if (end < 0) throw new InvalidDataException("unterminated ELF string");
        return Encoding.ASCII.GetString(elf, offset, end - offset);
    }
}
