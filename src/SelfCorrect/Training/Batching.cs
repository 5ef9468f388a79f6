using SelfCorrect.Text;
using static TorchSharp.torch;

namespace SelfCorrect.Training;

/// <summary>Right-padded batches of episodes: ids [B, T] and the attempt that wrote each token [B, T].</summary>
public static class Batching
{
    public static (Tensor Ids, Tensor AttemptOf) Pad(IReadOnlyList<EpisodeTokens> episodes, int padId, Device? device = null)
    {
        int b = episodes.Count, t = episodes.Max(e => e.Ids.Length);
        var ids = new long[b * t];
        var owner = new long[b * t];
        for (int i = 0; i < b; i++)
        {
            var e = episodes[i];
            for (int j = 0; j < t; j++)
            {
                ids[i * t + j] = j < e.Ids.Length ? e.Ids[j] : padId;
                owner[i * t + j] = j < e.Ids.Length ? e.AttemptOf[j] : 0;
            }
        }
        return (tensor(ids, [b, t], device: device), tensor(owner, [b, t], device: device));
    }
}
