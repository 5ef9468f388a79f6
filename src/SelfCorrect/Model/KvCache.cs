using static TorchSharp.torch;

namespace SelfCorrect.Model;

/// <summary>
/// Preallocated keys and values for every layer, [B, kvHeads, capacity, headDim]. Positions are
/// absolute slots; <see cref="Length"/> is how many slots are filled.
/// </summary>
public sealed class KvCache : IDisposable
{
    readonly Tensor[] _keys, _values;
    public int Length { get; private set; }
    public int Capacity { get; }

    public KvCache(ModelConfig c, long batch, int capacity, ScalarType dtype, Device device)
    {
        Capacity = capacity;
        _keys = new Tensor[c.NumHiddenLayers];
        _values = new Tensor[c.NumHiddenLayers];
        for (int i = 0; i < c.NumHiddenLayers; i++)
        {
            _keys[i] = zeros([batch, c.KeyValueHeads, capacity, c.HeadDim], dtype, device);
            _values[i] = zeros([batch, c.KeyValueHeads, capacity, c.HeadDim], dtype, device);
        }
    }

    /// <summary>Writes this step's k/v ([B, kvH, T, D]) at slot <see cref="Length"/> and returns views of all filled slots.</summary>
    public (Tensor K, Tensor V) Append(int layer, Tensor k, Tensor v)
    {
        int t = (int)k.shape[2];
        if (Length + t > Capacity) throw new InvalidOperationException($"KV cache full ({Capacity} slots)");
        _keys[layer].narrow(2, Length, t).copy_(k);
        _values[layer].narrow(2, Length, t).copy_(v);
        return (_keys[layer].narrow(2, 0, Length + t), _values[layer].narrow(2, 0, Length + t));
    }

    /// <summary>Called once per forward pass after every layer appended <paramref name="t"/> slots.</summary>
    public void Advance(int t) => Length += t;

    public void Dispose()
    {
        foreach (var t in _keys) t.Dispose();
        foreach (var t in _values) t.Dispose();
    }
}
