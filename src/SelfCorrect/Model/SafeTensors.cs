using System.Buffers.Binary;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace SelfCorrect.Model;

/// <summary>One tensor entry of a safetensors header; offsets are relative to the data section.</summary>
public sealed record SafeTensorInfo(string Name, string DType, long[] Shape, long Begin, long End);

/// <summary>
/// The safetensors format: an 8-byte little-endian header length, a JSON header, then raw tensor bytes.
/// Reading validates the header (size bounds, offsets inside the file, no overlap, dtype and shape agree
/// with the byte count) before any tensor is touched.
/// </summary>
public static class SafeTensors
{
    public const long MaxHeaderBytes = 100_000_000;

    public static int ElementSize(string dtype) => dtype switch
    {
        "F32" or "I32" => 4, "F16" or "BF16" or "I16" => 2, "F64" or "I64" => 8, "U8" or "I8" or "BOOL" => 1,
        _ => throw new InvalidDataException($"unsupported safetensors dtype '{dtype}'"),
    };

    public static string DTypeName(ScalarType t) => t switch
    {
        ScalarType.Float32 => "F32", ScalarType.BFloat16 => "BF16", ScalarType.Float16 => "F16", ScalarType.Float64 => "F64",
        ScalarType.Int64 => "I64", ScalarType.Int32 => "I32", ScalarType.Int16 => "I16", ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8", ScalarType.Bool => "BOOL",
        _ => throw new ArgumentException($"dtype {t} cannot be stored in safetensors"),
    };

    public static ScalarType ScalarTypeOf(string dtype) => dtype switch
    {
        "F32" => ScalarType.Float32, "BF16" => ScalarType.BFloat16, "F16" => ScalarType.Float16, "F64" => ScalarType.Float64,
        "I64" => ScalarType.Int64, "I32" => ScalarType.Int32, "I16" => ScalarType.Int16, "I8" => ScalarType.Int8,
        "U8" => ScalarType.Byte, "BOOL" => ScalarType.Bool,
        _ => throw new InvalidDataException($"unsupported safetensors dtype '{dtype}'"),
    };

    /// <summary>Writes tensors (in the given order) and optional string metadata to <paramref name="path"/>.</summary>
    public static void Save(string path, IEnumerable<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.ToList();
        var header = new Dictionary<string, object>();
        if (metadata is { Count: > 0 }) header["__metadata__"] = metadata;
        long offset = 0;
        foreach (var (name, t) in list)
        {
            long size = t.numel() * t.ElementSize;
            header[name] = new { dtype = DTypeName(t.dtype), shape = t.shape, data_offsets = new[] { offset, offset + size } };
            offset += size;
        }
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        WriteHeader(fs, header);
        foreach (var (_, t) in list)
        {
            using var c = t.detach().cpu().contiguous();
            fs.Write(c.bytes);
        }
    }

    /// <summary>Writes the length prefix and the JSON header, padded so that the data section is 8-byte
    /// aligned, as the reference writer does.</summary>
    public static void WriteHeader(Stream stream, object header)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(header);
        int pad = (8 - json.Length % 8) % 8;
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)(json.Length + pad));
        stream.Write(len);
        stream.Write(json);
        for (int i = 0; i < pad; i++) stream.WriteByte((byte)' ');
    }

    /// <summary>Reads and validates the header; returns the entries and where the data section starts.</summary>
    public static (IReadOnlyList<SafeTensorInfo> Tensors, IReadOnlyDictionary<string, string> Metadata, long DataStart) ReadHeader(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read);
        long fileLength = fs.Length;
        if (fileLength < 8) throw new InvalidDataException($"{path}: too short to be a safetensors file");
        Span<byte> len = stackalloc byte[8];
        fs.ReadExactly(len);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(len);
        if (headerLength > MaxHeaderBytes || (long)headerLength > fileLength - 8)
            throw new InvalidDataException($"{path}: header length {headerLength} is out of bounds");
        var buffer = new byte[headerLength];
        fs.ReadExactly(buffer);
        long dataStart = 8 + (long)headerLength, dataLength = fileLength - dataStart;
        var list = new List<SafeTensorInfo>();
        var metadata = new Dictionary<string, string>();
        try
        {
            using var doc = JsonDocument.Parse(buffer);
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name == "__metadata__")
                {
                    foreach (var m in prop.Value.EnumerateObject()) metadata[m.Name] = m.Value.GetString() ?? "";
                    continue;
                }
                var e = prop.Value;
                string dtype = e.GetProperty("dtype").GetString() ?? "";
                long[] shape = e.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray();
                long[] off = e.GetProperty("data_offsets").EnumerateArray().Select(x => x.GetInt64()).ToArray();
                if (off.Length != 2 || off[0] < 0 || off[1] < off[0] || off[1] > dataLength)
                    throw new InvalidDataException($"{path}: tensor '{prop.Name}' has offsets outside the file");
                if (shape.Any(d => d < 0)) throw new InvalidDataException($"{path}: tensor '{prop.Name}' has a negative dimension");
                long numel = shape.Aggregate(1L, (a, d) => checked(a * d));
                if (checked(numel * ElementSize(dtype)) != off[1] - off[0])
                    throw new InvalidDataException($"{path}: tensor '{prop.Name}' ({dtype}, [{string.Join(",", shape)}]) does not match its {off[1] - off[0]} bytes");
                list.Add(new SafeTensorInfo(prop.Name, dtype, shape, off[0], off[1]));
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new InvalidDataException($"{path}: corrupt safetensors header ({e.Message})");
        }
        var sorted = list.OrderBy(t => t.Begin).ToList();
        for (int i = 1; i < sorted.Count; i++)
            if (sorted[i].Begin < sorted[i - 1].End)
                throw new InvalidDataException($"{path}: tensors '{sorted[i - 1].Name}' and '{sorted[i].Name}' overlap");
        return (list, metadata, dataStart);
    }

    /// <summary>
    /// Copies every tensor of the files into the module's parameters and buffers of the same name, one
    /// tensor at a time (peak memory: the model plus a 16 MB buffer). Missing, unexpected or misshaped
    /// tensors are errors that name the tensor.
    /// </summary>
    public static void LoadInto(nn.Module module, IReadOnlyList<string> files, ISet<string>? allowMissing = null) =>
        LoadInto(module.state_dict(), files, rename: null, allowMissing);

    /// <summary>Tensors stream from the file through a buffer of this size, so loading needs no second copy of a large tensor.</summary>
    const int ChunkBytes = 16 << 20;

    /// <summary>Reads one tensor's bytes at the stream's position into a contiguous target, chunk by chunk, converting
    /// dtype and device on the way.</summary>
    static void CopyInto(Stream fs, SafeTensorInfo info, Tensor target, byte[] buffer)
    {
        var type = ScalarTypeOf(info.DType);
        int element = ElementSize(info.DType);
        long count = info.Shape.Aggregate(1L, (a, d) => a * d);
        bool direct = type == target.dtype && target.device_type == DeviceType.CPU;
        using var flat = target.is_contiguous() ? target.view(-1) : throw new InvalidOperationException($"tensor '{info.Name}' is not contiguous");
        long perChunk = ChunkBytes / element;
        for (long start = 0; start < count; start += perChunk)
        {
            long n = Math.Min(perChunk, count - start);
            var bytes = buffer.AsSpan(0, (int)(n * element));
            fs.ReadExactly(bytes);
            using var slice = flat.narrow(0, start, n);
            if (direct) slice.bytes = bytes;
            else
            {
                using var tmp = empty(n, type);
                tmp.bytes = bytes;
                slice.copy_(tmp);
            }
        }
    }

    /// <summary>
    /// Copies every tensor of the files into the target of the same name (after <paramref name="rename"/>, which
    /// returns null for a tensor to skip), converting dtype and device as needed, one tensor at a time through
    /// one reused 16 MB buffer. A tensor with no target, a shape that differs, a duplicate, or a target left
    /// unfilled (unless in <paramref name="allowMissing"/>) is an <see cref="InvalidDataException"/> naming it.
    /// </summary>
    public static void LoadInto(IReadOnlyDictionary<string, Tensor> targets, IReadOnlyList<string> files,
        Func<string, string?>? rename = null, ISet<string>? allowMissing = null)
    {
        var seen = new HashSet<string>();
        using var noGrad = no_grad();
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            foreach (var file in files)
            {
                var (entries, _, dataStart) = ReadHeader(file);
                using var fs = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                foreach (var info in entries.OrderBy(e => e.Begin))
                {
                    var name = rename is null ? info.Name : rename(info.Name);
                    if (name is null) continue;
                    if (!targets.TryGetValue(name, out var target))
                        throw new InvalidDataException($"{file}: unexpected tensor '{info.Name}' (the model has no such parameter)");
                    if (!target.shape.SequenceEqual(info.Shape))
                        throw new InvalidDataException($"{file}: tensor '{info.Name}' has shape [{string.Join(",", info.Shape)}], the model expects [{string.Join(",", target.shape)}]");
                    if (!seen.Add(name)) throw new InvalidDataException($"{file}: tensor '{info.Name}' appears twice");
                    fs.Position = dataStart + info.Begin;
                    CopyInto(fs, info, target, buffer);
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
        var missing = targets.Keys.Where(k => !seen.Contains(k) && !(allowMissing?.Contains(k) ?? false)).ToList();
        if (missing.Count > 0) throw new InvalidDataException($"missing tensor '{missing[0]}'" + (missing.Count > 1 ? $" (and {missing.Count - 1} more)" : ""));
    }
}
