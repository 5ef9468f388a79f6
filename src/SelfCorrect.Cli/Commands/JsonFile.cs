using System.Text.Json;

namespace SelfCorrect.Cli.Commands;

/// <summary>Reads a JSON options file given on the command line; a missing, empty or malformed file is one clear error line.</summary>
static class JsonFile
{
    public static T Read<T>(string path, JsonSerializerOptions options, string what) where T : class
    {
        if (!File.Exists(path)) throw new UserError($"{what} file {path} does not exist");
        try { return JsonSerializer.Deserialize<T>(File.ReadAllText(path), options) ?? throw new UserError($"{path} is empty"); }
        catch (JsonException e) { throw new UserError($"{path}: {e.Message}"); }
    }
}
