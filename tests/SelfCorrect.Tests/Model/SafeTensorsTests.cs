using System.Buffers.Binary;
using System.Text;
using SelfCorrect.Model;
using static TorchSharp.torch;

namespace SelfCorrect.Tests.Model;

public class SafeTensorsTests
{
    static byte[] Floats(params float[] values) => TinyWeights.Encode(values, "F32");

    static string WriteRaw(ModelTestFolder dir, string header, byte[] data, long? declaredLength = null)
    {
        var path = dir.Sub(Guid.NewGuid().ToString("N") + ".safetensors");
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, declaredLength ?? json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void AFileWrittenByteByByteElsewhereLoads()
    {
        using var dir = new ModelTestFolder();
        var path = dir.Sub("hand.safetensors");
        var bf16 = new byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(bf16, 0x3FC0);              // 1.5
        BinaryPrimitives.WriteUInt16LittleEndian(bf16.AsSpan(2), 0xC020);    // -2.5
        SafetensorsBytes.Write(path, [("a", "F32", [2, 2], Floats(1, 2, 3, 4)), ("b", "BF16", [2], bf16), ("c", "F16", [1], TinyWeights.Encode([0.25f], "F16"))]);

        var (tensors, metadata, _) = SafeTensors.ReadHeader(path);
        Assert.Equal(["a", "b", "c"], tensors.Select(t => t.Name));
        Assert.Equal("pt", metadata["format"]);
        var targets = new Dictionary<string, Tensor> { ["a"] = zeros(2, 2), ["b"] = zeros(2), ["c"] = zeros(1, dtype: float16) };
        SafeTensors.LoadInto(targets, [path]);
        Assert.Equal([1f, 2, 3, 4], targets["a"].data<float>().ToArray());
        Assert.Equal([1.5f, -2.5f], targets["b"].data<float>().ToArray());
        Assert.Equal(0.25f, targets["c"].to(float32).item<float>());
        foreach (var t in targets.Values) t.Dispose();
    }

    [Fact]
    public void OurWriterPadsTheHeaderAndReadsBack()
    {
        using var dir = new ModelTestFolder();
        var path = dir.Sub("ours.safetensors");
        using var a = arange(6, dtype: float32).reshape(2, 3);
        using var b = tensor(new long[] { 7, 8 });
        SafeTensors.Save(path, [("a", a), ("b", b)], new Dictionary<string, string> { ["format"] = "pt" });
        var bytes = File.ReadAllBytes(path);
        long headerLength = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + headerLength) % 8);
        Assert.Equal(8 + headerLength + 6 * 4 + 2 * 8, bytes.Length);
        var (tensors, _, dataStart) = SafeTensors.ReadHeader(path);
        Assert.Equal(8 + headerLength, dataStart);
        var b2 = tensors.Single(t => t.Name == "b");
        Assert.Equal(("I64", 24L, 40L), (b2.DType, b2.Begin, b2.End));
        Assert.Equal([2L], b2.Shape);
    }

    [Fact]
    public void CorruptFilesAreRejectedBeforeAnyTensorIsRead()
    {
        using var dir = new ModelTestFolder();
        const string ok = "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        void Rejects(string path, string fragment) =>
            Assert.Contains(fragment, Assert.Throws<InvalidDataException>(() => SafeTensors.ReadHeader(path)).Message);

        var tiny = dir.Sub("tiny.safetensors");
        File.WriteAllBytes(tiny, [1, 2, 3]);
        Rejects(tiny, "too short");

        var good = WriteRaw(dir, ok, Floats(1, 2));
        var truncated = dir.Sub("truncated.safetensors");
        File.WriteAllBytes(truncated, File.ReadAllBytes(good)[..^3]);
        Rejects(truncated, "tensor 'x' has offsets outside the file");

        Rejects(WriteRaw(dir, ok, Floats(1, 2), declaredLength: 1_000_000), "header length 1000000 is out of bounds");
        Rejects(WriteRaw(dir, ok, Floats(1, 2), declaredLength: long.MaxValue), "is out of bounds");
        Rejects(WriteRaw(dir, "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"y\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", Floats(1, 2)),
            "tensors 'x' and 'y' overlap");
        Rejects(WriteRaw(dir, "{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", Floats(1, 2)), "tensor 'x' (F32, [3]) does not match its 8 bytes");
        Rejects(WriteRaw(dir, "{\"x\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,8]}}", Floats(1, 2)), "does not match its 8 bytes");
        Rejects(WriteRaw(dir, "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", Floats(1, 2)), "offsets outside the file");
        Rejects(WriteRaw(dir, "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}}", Floats(1, 2)), "offsets outside the file");
        Rejects(WriteRaw(dir, "{\"x\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", Floats(1, 2)), "negative dimension");
        Rejects(WriteRaw(dir, "{\"x\":{\"dtype\":\"F32\",\"shape\":[2]}}", Floats(1, 2)), "corrupt safetensors header");
        Rejects(WriteRaw(dir, "{\"x\":", Floats(1, 2)), "corrupt safetensors header");
        Rejects(WriteRaw(dir, "{\"x\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,8]}}", Floats(1, 2)), "unsupported safetensors dtype 'Q4'");
    }
}
