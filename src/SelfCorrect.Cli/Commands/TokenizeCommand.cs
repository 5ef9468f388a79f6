using System.CommandLine;
using System.Text.Json;
using SelfCorrect.Text;

namespace SelfCorrect.Cli.Commands;

/// <summary>selfcorrect tokenize: text on stdin to token ids, ids back to text (--decode), or a
/// conversation rendered with the chat template and encoded (--chat).</summary>
public static class TokenizeCommand
{
    public static Command Build()
    {
        var cmd = new Command("tokenize", "Encode stdin to a JSON array of token ids with a model's tokenizer (or decode with --decode).");
        var modelDir = new Option<string>("--model-dir") { Description = "Model directory with tokenizer.json (and tokenizer_config.json)", Required = true };
        var chat = new Option<bool>("--chat") { Description = "stdin is a JSON array of {role, content} messages, rendered with the chat template and encoded" };
        var decode = new Option<bool>("--decode") { Description = "stdin is a JSON array of token ids; print the text they stand for" };
        cmd.Options.Add(modelDir);
        cmd.Options.Add(chat);
        cmd.Options.Add(decode);
        cmd.SetAction(parseResult =>
        {
            Run(parseResult.GetValue(modelDir)!, parseResult.GetValue(chat), parseResult.GetValue(decode), Console.In, Console.Out);
            return 0;
        });
        return cmd;
    }

    public static void Run(string modelDir, bool chat, bool decode, TextReader input, TextWriter output)
    {
        if (chat && decode) throw new UserError("--chat and --decode cannot be used together");
        var tokenizer = HfTokenizer.FromDirectory(modelDir);
        string text = input.ReadToEnd();
        if (decode)
        {
            var toDecode = Parse<int[]>(text, "a JSON array of token ids");
            foreach (int id in toDecode)
                if (tokenizer.IdToToken(id) is null) throw new UserError($"token id {id} is not in the vocabulary of '{modelDir}'");
            output.Write(tokenizer.Decode(toDecode));
            return;
        }
        IReadOnlyList<int> ids;
        if (chat)
        {
            var messages = Parse<ChatMessage[]>(text, "a JSON array of {\"role\", \"content\"} messages");
            if (messages.Any(m => m is null || m.Role is null || m.Content is null))
                throw new UserError("every chat message needs a \"role\" and a \"content\"");
            ids = tokenizer.Encode(new ChatFormatter(tokenizer).Render(messages, addGenerationPrompt: false));
        }
        else ids = tokenizer.Encode(text);
        output.WriteLine(JsonSerializer.Serialize(ids));
    }

    static T Parse<T>(string json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))
                ?? throw new UserError($"stdin must be {what}");
        }
        catch (JsonException)
        {
            throw new UserError($"stdin must be {what}");
        }
    }
}
