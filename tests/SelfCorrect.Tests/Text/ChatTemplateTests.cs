using SelfCorrect.Text;

namespace SelfCorrect.Tests.Text;

/// <summary>Our renderings of real chat templates equal @huggingface/jinja's, for the same variables.</summary>
public class ChatTemplateTests
{
    /// <summary>A template in the style of Llama 3.1's (written for this test): date_string with a
    /// default, the system message pulled out of messages, trimmed contents.</summary>
    const string Llama31Style = """
        {{- bos_token }}
        {%- if not date_string is defined %}
            {%- set date_string = "26 Jul 2024" %}
        {%- endif %}
        {%- if messages[0]['role'] == 'system' %}
            {%- set system_message = messages[0]['content']|trim %}
            {%- set messages = messages[1:] %}
        {%- else %}
            {%- set system_message = "" %}
        {%- endif %}
        {{- "<|start_header_id|>system<|end_header_id|>\n\n" }}
        {{- "Cutting Knowledge Date: December 2023\n" }}
        {{- "Today Date: " + date_string + "\n\n" }}
        {{- system_message }}
        {{- "<|eot_id|>" }}
        {%- for message in messages %}
            {%- if not (message.role in ['user', 'assistant']) %}
                {{- raise_exception('unexpected role ' ~ message.role) }}
            {%- endif %}
            {{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'+ message['content'] | trim + '<|eot_id|>' }}
        {%- endfor %}
        {%- if add_generation_prompt %}
            {{- '<|start_header_id|>assistant<|end_header_id|>\n\n' }}
        {%- endif %}

        """;

    [Theory]
    [InlineData("qwen3")]
    [InlineData("llama3")]
    public void RealTemplates_RenderAsTheReference(string model)
    {
        var tokenizer = ReferenceFixtures.Tokenizer(model);
        var formatters = new List<ChatFormatter> { new(tokenizer) };
        if (model == "qwen3")
        {
            formatters.Add(new ChatFormatter(tokenizer, new ChatTemplateOptions(EnableThinking: false)));
            formatters.Add(new ChatFormatter(tokenizer, new ChatTemplateOptions(EnableThinking: true)));
        }
        AssertMatchesReference(tokenizer.Config.ChatTemplate!, formatters);
    }

    [Fact]
    public void Llama31StyleTemplate_UsesDateStringOrItsDefault()
    {
        var tokenizer = ReferenceFixtures.Tokenizer("llama3");
        var withDefault = new ChatFormatter(tokenizer, Llama31Style);
        var withDate = new ChatFormatter(tokenizer, Llama31Style, new ChatTemplateOptions(DateString: "01 Jan 2025"));
        AssertMatchesReference(Llama31Style, [withDefault, withDate]);

        var messages = ChatConversations.TwoAttempts(withSystem: true);
        Assert.Contains("Today Date: 26 Jul 2024\n", withDefault.Render(messages, false));
        Assert.Contains("Today Date: 01 Jan 2025\n", withDate.Render(messages, false));
    }

    static void AssertMatchesReference(string template, IReadOnlyList<ChatFormatter> formatters)
    {
        var cases = new List<(string Name, ChatFormatter Formatter, ChatMessage[] Messages, bool AddGenerationPrompt)>();
        foreach (var formatter in formatters)
            foreach (var (name, messages) in ChatConversations.All)
                foreach (bool addGenerationPrompt in new[] { false, true })
                    cases.Add((name, formatter, messages, addGenerationPrompt));

        var expected = ReferenceFixtures.ReferenceRenderings(
            cases.Select(c => (template, c.Formatter.Variables(c.Messages, c.AddGenerationPrompt))).ToList());

        for (int i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            string actual = c.Formatter.Render(c.Messages, c.AddGenerationPrompt);
            Assert.True(expected[i] == actual,
                $"case '{c.Name}' (add_generation_prompt={c.AddGenerationPrompt}) differs:\n--- reference\n{expected[i]}\n--- ours\n{actual}");
        }
    }
}
