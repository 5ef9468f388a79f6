// Reference outputs from the JavaScript implementations; called by tokenizer-fixtures.sh.
const fs = require("fs");
const path = require("path");

const readJson = (file) => JSON.parse(fs.readFileSync(file, "utf8"));
const [command, ...args] = process.argv.slice(2);

if (command === "encode") {
  const { Tokenizer } = require("@huggingface/tokenizers");
  const [modelDir, corpusFile, outFile] = args;
  const tokenizer = new Tokenizer(
    readJson(path.join(modelDir, "tokenizer.json")),
    readJson(path.join(modelDir, "tokenizer_config.json")));
  const ids = readJson(corpusFile).map((text) => tokenizer.encode(text, { add_special_tokens: false }).ids);
  fs.writeFileSync(outFile, JSON.stringify(ids));
} else if (command === "render") {
  const { Template } = require("@huggingface/jinja");
  const [casesFile, outFile] = args;
  const rendered = readJson(casesFile).map(({ template, context }) => new Template(template).render(context));
  fs.writeFileSync(outFile, JSON.stringify(rendered));
} else {
  console.error(`unknown command ${command}`);
  process.exit(2);
}
