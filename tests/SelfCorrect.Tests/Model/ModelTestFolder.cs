namespace SelfCorrect.Tests.Model;

/// <summary>A fresh folder for test checkpoints, deleted on dispose.</summary>
sealed class ModelTestFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("selfcorrect-model-").FullName;
    public string Sub(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose() => Directory.Delete(Path, recursive: true);
}
